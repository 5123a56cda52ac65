package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.EventType;
import dev.sluice.events.TrafficShifted;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flagger-style {@code progression} through every service as separate processes, its built-in
 * {@code request-success-rate} check read from the real Prometheus (the Gateway API router's metrics: requests per
 * namespace and Service): a healthy canary goes through every weight and is promoted; one that fails half its
 * requests is held at its first weight and rolled back after exactly {@code threshold} failed checks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressionIT {
    private static final Duration OUTCOME = Duration.ofSeconds(120);
    private static final String INTERVAL = "5s";
    private static final int THRESHOLD = 3;
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
        Assumptions.assumeTrue(harness.prometheus().isPresent(), "built-in checks need /usr/bin/prometheus (Debian 'prometheus')");
    }

    @Order(1)
    @Test
    void a_healthy_progression_canary_is_checked_at_every_weight_and_promoted() {
        // Given a stable first revision and a progression 20 -> 40 -> 60, checked every 5 s
        harness.setCanaryFailureShare(0.0);
        CanaryScenario scenario = CanaryScenario.progression(harness, "progress-healthy", Router.GATEWAY_API, INTERVAL, 20, 60, THRESHOLD);
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));

        // When a new image that answers every request is released
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome outcome = scenario.awaitOutcome(OUTCOME);

        // Then every weight is applied, each passes one check, and the revision is promoted
        assertThat(outcome.promoted()).as("promoted: %s", outcome).isTrue();
        History history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        assertThat(History.distinctRuns(history.appliedWeights())).as(history.toString()).startsWith(20, 40, 60);
        List<AnalysisCompleted> checks = verdicts(history);
        assertThat(checks).as(history.toString()).hasSize(3).allSatisfy(c -> assertThat(c.phase()).isEqualTo(AnalysisPhase.Successful));
        assertThat(checks).extracting(AnalysisCompleted::runName).doesNotHaveDuplicates();
        assertThat(history.has(EventType.ROLLOUT_ABORTED)).isFalse();
    }

    @Order(2)
    @Test
    void a_progression_canary_failing_half_its_requests_is_rolled_back_after_exactly_threshold_failed_checks() {
        // Given a stable first revision and a progression whose canary fails half of its requests
        harness.setCanaryFailureShare(0.5);
        CanaryScenario scenario = CanaryScenario.progression(harness, "progress-failing", Router.GATEWAY_API, INTERVAL, 20, 60, THRESHOLD);
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));

        // When it is released
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome outcome = scenario.awaitOutcome(OUTCOME);

        // Then it is rolled back at its first weight after exactly THRESHOLD failed checks, each one interval apart
        assertThat(outcome.phase()).as("%s", outcome).isEqualTo("Degraded");
        assertThat(outcome.message()).contains("request-success-rate").contains(THRESHOLD + "/" + THRESHOLD + " failed checks");
        await("all traffic back on stable").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(scenario.cluster().canaryWeight(scenario.namespace(), Router.GATEWAY_API)).contains(0));
        History history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        List<AnalysisCompleted> checks = verdicts(history);
        assertThat(checks).as(history.toString()).hasSize(THRESHOLD)
                .allSatisfy(c -> assertThat(c.phase()).isEqualTo(AnalysisPhase.Failed))
                .allSatisfy(c -> assertThat(c.metricName()).isEqualTo("request-success-rate"));
        double measured = Double.parseDouble(checks.get(0).value().replaceAll("[\\[\\]\\s]", ""));
        assertThat(measured).as("the success rate in percent").isBetween(30.0, 70.0);
        assertThat(history.requestedWeights()).as("never past the first weight: %s", history).containsOnly(20, 0);

        ObservedEvent firstWeight = history.ofType(EventType.TRAFFIC_SHIFTED).stream()
                .filter(e -> e.as(TrafficShifted.class).canaryWeight() == 20).findFirst().orElseThrow();
        ObservedEvent aborted = history.ofType(EventType.ROLLOUT_ABORTED).get(0);
        long millis = aborted.recordTimestampMillis() - firstWeight.recordTimestampMillis();
        assertThat(millis).as("%d checks, one interval each, from the first acknowledged weight", THRESHOLD)
                .isBetween(THRESHOLD * 5_000L, THRESHOLD * 5_000L + 20_000L);
    }

    private static List<AnalysisCompleted> verdicts(History history) {
        return history.ofType(EventType.ANALYSIS_COMPLETED).stream().map(e -> e.as(AnalysisCompleted.class)).toList();
    }
}
