package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Measurement;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutAborted;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenarios 1, 2 and 6: canary rollouts through every service as separate processes, measured by a real
 * Prometheus scraping the demo apps (the {@code web} provider against the app's stats where Prometheus is not
 * installed). The failing canary runs last: its errors stay in the 5 s measurement window for a while.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryIT {
    private static final Duration OUTCOME = Duration.ofSeconds(90);
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }


    private static Measurement measurement() {
        return harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB;
    }

    @Order(1)
    @ParameterizedTest(name = "a healthy canary behind {0} goes 20% -> 40% -> 60% -> 80% and is promoted")
    @EnumSource(Router.class)
    void healthy_canary_is_promoted(Router router) {
        // Given a rollout whose first revision is stable, and a new version that answers every request
        harness.setCanaryFailureShare(0.0);
        CanaryScenario scenario = new CanaryScenario(harness, "healthy-" + router.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                router, measurement(), Manifests.analysedSteps("2s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        String oldRevision = scenario.stableRevision();

        // When the new image is released
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome outcome = scenario.awaitOutcome(OUTCOME);

        // Then it is promoted: stable is the new revision, the Services point at it, the old ReplicaSet is scaled down
        assertThat(outcome.promoted()).as("promoted: %s", outcome).isTrue();
        assertThat(outcome.phase()).isEqualTo("Healthy");
        String ns = scenario.namespace();
        assertThat(scenario.cluster().serviceHash(ns, Manifests.STABLE)).contains(outcome.revision());
        await("the old ReplicaSet to be scaled down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(scenario.cluster().replicaSet(ns, oldRevision).orElseThrow().getSpec().getReplicas()).isZero());

        // and the event history shows each weight in order, a successful analysis, and the promotion
        History history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        await("the promotion event").atMost(Duration.ofSeconds(10)).until(() ->
                History.of(harness.events(), scenario.rolloutId(), outcome.revision()).has(EventType.ROLLOUT_PROMOTED));
        history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        assertThat(History.distinctRuns(history.requestedWeights())).as(history.toString()).startsWith(20, 40, 60, 80);
        assertThat(History.distinctRuns(history.appliedWeights())).as(history.toString()).startsWith(20, 40, 60, 80);
        assertThat(history.appliedSequences()).as("applied in order").isSorted();
        assertThat(history.ofType(EventType.ANALYSIS_COMPLETED)).as(history.toString())
                .extracting(e -> ((AnalysisCompleted) e.data()).phase()).containsOnly(AnalysisPhase.Successful);
        assertThat(history.has(EventType.MEASUREMENT_TAKEN)).as(history.toString()).isTrue();
        assertThat(history.has(EventType.ROLLOUT_ABORTED)).isFalse();
    }

    @Order(2)
    @Test
    void failing_canary_is_rolled_back_at_the_first_analysis() {
        // Given a stable first revision, and a new version that fails half of its requests
        harness.setCanaryFailureShare(0.5);
        CanaryScenario scenario = new CanaryScenario(harness, "failing-istio", Router.ISTIO, measurement(),
                Manifests.analysedSteps("2s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        String stable = scenario.stableRevision();

        // When it is released
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome outcome = scenario.awaitOutcome(OUTCOME);

        // Then it is rolled back: Degraded, the message names the metric and value, all traffic on stable, canary scaled down
        assertThat(outcome.phase()).as("%s", outcome).isEqualTo("Degraded");
        assertThat(outcome.promoted()).isFalse();
        assertThat(outcome.stableRevision()).isEqualTo(stable);
        String ns = scenario.namespace();
        await("all traffic back on stable").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(scenario.cluster().canaryWeight(ns, Router.ISTIO)).contains(0));
        await("the canary ReplicaSet to be scaled down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(scenario.cluster().replicaSet(ns, outcome.revision()).orElseThrow().getSpec().getReplicas()).isZero());

        History history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        assertThat(history.requestedWeights()).as(history.toString()).contains(20).allMatch(w -> w <= 20);
        assertThat(history.requestedWeights().get(history.requestedWeights().size() - 1)).as(history.toString()).isZero();
        AnalysisCompleted failed = history.ofType(EventType.ANALYSIS_COMPLETED).stream().map(e -> (AnalysisCompleted) e.data())
                .filter(c -> c.phase() == AnalysisPhase.Failed).findFirst().orElseThrow(() -> new AssertionError(history));
        assertThat(failed.metricName()).isEqualTo("success-rate");
        String measured = failed.value().replaceAll("[\\[\\]\\s]", "");
        assertThat(Double.parseDouble(measured)).as("the measured success rate").isLessThan(0.9);
        assertThat(outcome.message()).as("the rollout's message names the metric and the value")
                .contains("success-rate").contains(measured);
        assertThat(history.ofType(EventType.ROLLOUT_ABORTED)).as(history.toString())
                .extracting(e -> ((RolloutAborted) e.data()).metricName()).contains("success-rate");
        assertThat(history.appliedSequences()).isSorted();
    }
}
