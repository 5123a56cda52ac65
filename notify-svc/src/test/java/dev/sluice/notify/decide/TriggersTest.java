package dev.sluice.notify.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.SluiceEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggersTest {
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("an abort by analysis names the metric and value", Samples.abortedByMetric(), Trigger.ROLLOUT_ABORTED,
                        "shop/checkout aborted", "error-rate", "0.12", null),
                Arguments.of("a step start names the weight of setWeight", Samples.step(), Trigger.STEP_STARTED,
                        "shop/checkout step started", null, null, 20),
                Arguments.of("a failed shift names the weight it wanted", Samples.shiftFailed(), Trigger.TRAFFIC_SHIFT_FAILED,
                        "shop/checkout traffic shift failed", null, null, 20),
                Arguments.of("an error analysis names its metric", Samples.analysis(AnalysisPhase.Error), Trigger.ANALYSIS_ERROR,
                        "shop/checkout analysis error", "error-rate", "0.12", null),
                Arguments.of("a new revision names no metric", Samples.revision(), Trigger.ROLLOUT_UPDATED,
                        "shop/checkout new revision detected", null, null, null),
                Arguments.of("zero-downtime findings are their own trigger", Samples.findings(), Trigger.ZERO_DOWNTIME_FINDINGS,
                        "shop/checkout has zero-downtime findings", null, null, null));
    }

    static Stream<Arguments> aborts() {
        return Stream.of(
                Arguments.of("an abort for an exceeded progress deadline also fires progress-deadline-exceeded",
                        Samples.abortedByDeadline(), List.of(Trigger.ROLLOUT_ABORTED, Trigger.PROGRESS_DEADLINE_EXCEEDED)),
                Arguments.of("an abort by analysis fires aborted only", Samples.abortedByMetric(), List.of(Trigger.ROLLOUT_ABORTED)),
                Arguments.of("the cause decides, not the text: a command whose reason quotes the deadline fires aborted only",
                        Samples.abortedByCommand("aborted by ops: revision made no progress for 10m"), List.of(Trigger.ROLLOUT_ABORTED)),
                Arguments.of("an abort from an older controller without a cause fires aborted only",
                        Samples.abortedWithoutCause("revision 7c9f made no progress for 10m at step 1"), List.of(Trigger.ROLLOUT_ABORTED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aborts")
    void the_triggers_of_an_abort(String behaviour, SluiceEvent event, List<Trigger> triggers) {
        assertThat(Triggers.of(event)).containsExactlyElementsOf(triggers);
    }

    @org.junit.jupiter.api.Test
    void the_findings_notice_lists_every_finding_and_names_other_objects() {
        Notice n = Triggers.notice("ev-1", Trigger.ZERO_DOWNTIME_FINDINGS, Samples.findings(), List.of(), null);

        assertThat(n.revision()).isEqualTo("7c9f");
        assertThat(n.reason()).isEqualTo("2 error(s), 1 warning(s): error readiness-probe "
                + "spec.template.spec.containers[checkout].readinessProbe: missing; error pdb-allows-drain spec.minAvailable: "
                + "4 allows no eviction at 4 replicas: a node drain never completes (PodDisruptionBudget shop/checkout); "
                + "warning min-ready-seconds spec.minReadySeconds: unset: a pod that crashes right after turning ready already "
                + "counted as available");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void the_notice_of_an_event(String behaviour, SluiceEvent event, Trigger trigger, String headline, String metric, String value, Integer weight) {
        assertThat(Triggers.of(event)).first().isEqualTo(trigger);
        Notice n = Triggers.notice("ev-1", trigger, event, List.of(), "https://sluice.example.com/");

        assertThat(n.headline()).isEqualTo(headline);
        assertThat(n.metric()).isEqualTo(metric);
        assertThat(n.value()).isEqualTo(value);
        assertThat(n.weight()).isEqualTo(weight);
        assertThat(n.dashboardUrl()).isEqualTo("https://sluice.example.com/rollouts/shop/checkout");
    }

    static Stream<Arguments> silent() {
        return Stream.of(
                Arguments.of("a successful analysis", Samples.analysis(AnalysisPhase.Successful)),
                Arguments.of("a running analysis", Samples.analysis(AnalysisPhase.Running)));
    }

    @ParameterizedTest(name = "{0} fires no trigger")
    @MethodSource("silent")
    void silent_events(String behaviour, SluiceEvent event) {
        assertThat(Triggers.of(event)).isEmpty();
    }
}
