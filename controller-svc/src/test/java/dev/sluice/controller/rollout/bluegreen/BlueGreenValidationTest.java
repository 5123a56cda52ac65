package dev.sluice.controller.rollout.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controller.rollout.RolloutDefinition;
import dev.sluice.controller.rollout.RolloutDefinition.AnalysisDef;
import dev.sluice.controller.rollout.RolloutDefinition.Canary;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation.Invalid;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation.Valid;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.TrafficRouting;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlueGreenValidationTest {
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web-vs", null, null, null)), null));
    static final AnalysisDef SMOKE = new AnalysisDef(List.of(new AnalysisRequested.TemplateRef("smoke", false)), null);

    static RolloutDefinition rollout(Canary canary) {
        return new RolloutDefinition(4, true, true, false, null, false, false, true, canary);
    }

    static BlueGreenDefinition bg(String active, String preview) {
        return new BlueGreenDefinition(active, preview, null, null, null, null, null, null, false, null, null, null);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("requires activeService", rollout(null), bg(null, "web-preview"),
                        "spec.strategy.blueGreen.activeService is required"),
                row("rejects a previewService equal to activeService", rollout(null), bg("web", "web"),
                        "spec.strategy.blueGreen.previewService must differ from activeService (both are 'web')"),
                row("rejects canary and blueGreen together",
                        rollout(new Canary(null, null, null, null, List.of(), null, null, false, null, null, null, false, null)),
                        bg("web", "web-preview"), "spec.strategy sets both canary and blueGreen"),
                row("rejects trafficRouting without a previewService", rollout(null),
                        new BlueGreenDefinition("web", null, null, null, null, null, null, null, true, ISTIO, null, null),
                        "spec.strategy.blueGreen.trafficRouting needs previewService"),
                row("rejects trafficRouting that names no router", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, null, null, null, null, true,
                                TrafficRouting.none(), null, null),
                        "spec.strategy.blueGreen.trafficRouting names no router"),
                row("rejects a negative scaleDownDelaySeconds", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, -1, null, null, null, false, null, null, null),
                        "spec.strategy.blueGreen.scaleDownDelaySeconds must not be negative (got -1)"),
                row("rejects a previewReplicaCount above spec.replicas", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, null, 5, null, null, false, null, null, null),
                        "spec.strategy.blueGreen.previewReplicaCount 5 is outside 1..4 (spec.replicas)"),
                row("rejects autoPromotionSeconds together with autoPromotionEnabled false", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", false, 60, null, null, null, null, false, null, null, null),
                        "autoPromotionSeconds has no effect with autoPromotionEnabled: false"),
                row("rejects a negative scaleDownDelayRevisionLimit", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, null, null, null, null, false, null, null, -2),
                        "spec.strategy.blueGreen.scaleDownDelayRevisionLimit must not be negative (got -2)"),
                row("rejects a negative abortScaleDownDelaySeconds", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, null, null, null, null, false, null, -1, null),
                        "spec.strategy.blueGreen.abortScaleDownDelaySeconds must not be negative (got -1; 0 keeps the preview after an abort)"),
                row("rejects a prePromotionAnalysis without templates", rollout(null),
                        new BlueGreenDefinition("web", "web-preview", null, null, null, null, new AnalysisDef(List.of(), null), null,
                                false, null, null, null),
                        "spec.strategy.blueGreen.prePromotionAnalysis.templates needs at least one templateName"),
                row("checks restartAt and rollbackWindow too", rollout(null).withWorkloadKnobs(-3, "2026-13-01T00:00:00Z"),
                        bg("web", "web-preview"), "spec.rollbackWindow.revisions must not be negative (got -3; 0 turns the fast-track rollback off)"),
                row("checks the common fields too", new RolloutDefinition(4, true, false, false, null, false, false, true, null),
                        bg("web", "web-preview"), "spec.template or spec.workloadRef is required"));
    }

    static Arguments row(String name, RolloutDefinition d, BlueGreenDefinition bg, String violation) {
        return Arguments.of(name, d, bg, violation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, RolloutDefinition d, BlueGreenDefinition bg, String violation) {
        assertThat(BlueGreenValidation.validate(d, bg)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.violations()).anySatisfy(v -> assertThat(v).contains(violation)));
    }

    @Test
    void reportsEveryViolationAtOnce() {
        BlueGreenDefinition bad = new BlueGreenDefinition(null, "x", false, 60, -5, 0, null, null, true, null, null, null);
        assertThat(BlueGreenValidation.validate(rollout(null), bad)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.violations()).hasSize(5));
    }

    @Test
    void appliesArgoDefaults() {
        BlueGreenDefinition minimal = new BlueGreenDefinition("web", null, null, null, null, null, SMOKE, null, false, null, null, null);
        assertThat(BlueGreenValidation.validate(rollout(null), minimal)).isInstanceOfSatisfying(Valid.class, v -> {
            assertThat(v.plan().autoPromotionEnabled()).isTrue();
            assertThat(v.plan().autoPromotionSeconds()).isNull();
            assertThat(v.plan().scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(v.plan().previewReplicaCount()).isEqualTo(4);
            assertThat(v.plan().previewService()).isNull();
            assertThat(v.plan().prePromotion().describe()).isEqualTo("smoke");
            assertThat(v.plan().metricsProvider()).isEqualTo("app");
            assertThat(v.plan().abortScaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void abortScaleDownDelaySecondsZeroKeepsThePreviewAndAnyOtherValueIsTheDelay() {
        assertThat(BlueGreenValidation.validate(rollout(null),
                new BlueGreenDefinition("web", null, null, null, null, null, null, null, false, null, 0, null)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.plan().abortScaleDownDelay()).isNull());
        assertThat(BlueGreenValidation.validate(rollout(null),
                new BlueGreenDefinition("web", null, null, null, null, null, null, null, false, null, 90, null)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.plan().abortScaleDownDelay()).isEqualTo(Duration.ofSeconds(90)));
    }
}
