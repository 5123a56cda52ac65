package dev.sluice.controller.rollout.bluegreen;

import dev.sluice.controller.rollout.AnalysisSpec;
import dev.sluice.controller.rollout.RolloutDefinition;
import dev.sluice.controller.rollout.RolloutDefinition.AnalysisDef;
import dev.sluice.controller.rollout.SpecValidation;
import java.time.Duration;
import java.util.List;

/**
 * Checks a blue-green Rollout once and returns every violation, or the plan. The Services themselves (that they exist
 * and that their ports match) are facts of the cluster: {@link ServiceCompatibility} judges them from what the wiring
 * read, and both lists end up in the same {@code InvalidSpec} condition.
 */
public final class BlueGreenValidation {
    static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_ABORT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
    private static final String AT = "spec.strategy.blueGreen";

    private BlueGreenValidation() {
    }

    public sealed interface Validated {
    }

    public record Valid(BlueGreenPlan plan) implements Validated {
    }

    public record Invalid(List<String> violations) implements Validated {
    }

    public static Validated validate(RolloutDefinition d, BlueGreenDefinition bg) {
        List<String> v = SpecValidation.commonViolations(d);
        int replicas = d.replicas() == null ? 1 : d.replicas();
        if (d.canary() != null) {
            v.add("spec.strategy sets both canary and blueGreen; set exactly one");
        }
        if (blank(bg.activeService())) {
            v.add(AT + ".activeService is required: it is the Service production traffic reaches");
        }
        if (!blank(bg.activeService()) && bg.activeService().equals(bg.previewService())) {
            v.add(AT + ".previewService must differ from activeService (both are '" + bg.activeService() + "')");
        }
        boolean auto = bg.autoPromotionEnabled() == null || bg.autoPromotionEnabled();
        if (bg.autoPromotionSeconds() != null) {
            if (bg.autoPromotionSeconds() < 0) {
                v.add(AT + ".autoPromotionSeconds must not be negative (got " + bg.autoPromotionSeconds() + ")");
            }
            if (!auto) {
                v.add(AT + ".autoPromotionSeconds has no effect with autoPromotionEnabled: false; remove one of them");
            }
        }
        if (bg.scaleDownDelaySeconds() != null && bg.scaleDownDelaySeconds() < 0) {
            v.add(AT + ".scaleDownDelaySeconds must not be negative (got " + bg.scaleDownDelaySeconds() + ")");
        }
        if (bg.abortScaleDownDelaySeconds() != null && bg.abortScaleDownDelaySeconds() < 0) {
            v.add(AT + ".abortScaleDownDelaySeconds must not be negative (got " + bg.abortScaleDownDelaySeconds()
                    + "; 0 keeps the preview after an abort)");
        }
        if (bg.scaleDownDelayRevisionLimit() != null && bg.scaleDownDelayRevisionLimit() < 0) {
            v.add(AT + ".scaleDownDelayRevisionLimit must not be negative (got " + bg.scaleDownDelayRevisionLimit() + ")");
        }
        if (bg.previewReplicaCount() != null && (bg.previewReplicaCount() < 1 || bg.previewReplicaCount() > Math.max(replicas, 1))) {
            v.add(AT + ".previewReplicaCount " + bg.previewReplicaCount() + " is outside 1.." + Math.max(replicas, 1)
                    + " (spec.replicas)");
        }
        if (bg.prePromotionAnalysis() != null) {
            SpecValidation.analysis(AT + ".prePromotionAnalysis", bg.prePromotionAnalysis(), v);
        }
        if (bg.postPromotionAnalysis() != null) {
            SpecValidation.analysis(AT + ".postPromotionAnalysis", bg.postPromotionAnalysis(), v);
        }
        if (bg.routingDeclared()) {
            SpecValidation.routing(AT + ".trafficRouting", bg.routing(), v);
            if (blank(bg.previewService())) {
                v.add(AT + ".trafficRouting needs previewService: the routers send the switched traffic there");
            }
        }
        if (!v.isEmpty()) {
            return new Invalid(List.copyOf(v));
        }
        return new Valid(new BlueGreenPlan(
                replicas,
                bg.activeService(),
                blank(bg.previewService()) ? null : bg.previewService(),
                auto,
                bg.autoPromotionSeconds() == null ? null : Duration.ofSeconds(bg.autoPromotionSeconds()),
                bg.scaleDownDelaySeconds() == null ? DEFAULT_SCALE_DOWN_DELAY : Duration.ofSeconds(bg.scaleDownDelaySeconds()),
                bg.previewReplicaCount() == null ? replicas : bg.previewReplicaCount(),
                analysis(bg.prePromotionAnalysis()),
                analysis(bg.postPromotionAnalysis()),
                bg.routingDeclared() ? bg.routing() : null,
                d.paused(),
                SpecValidation.metricsProvider(bg.routingDeclared() ? bg.routing() : null),
                d.progressDeadlineSeconds() == null ? DEFAULT_PROGRESS_DEADLINE : Duration.ofSeconds(d.progressDeadlineSeconds()),
                d.progressDeadlineAbort(),
                abortScaleDownDelay(bg.abortScaleDownDelaySeconds()),
                bg.scaleDownDelayRevisionLimit(),
                d.rollbackWindowRevisions()));
    }

    /** Argo's rule: unset is 30 s, 0 means the preview is never scaled down after an abort (null here). */
    private static Duration abortScaleDownDelay(Integer seconds) {
        return seconds == null ? DEFAULT_ABORT_SCALE_DOWN_DELAY : seconds == 0 ? null : Duration.ofSeconds(seconds);
    }

    private static AnalysisSpec analysis(AnalysisDef a) {
        return a == null ? null : SpecValidation.spec(a);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
