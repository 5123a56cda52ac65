package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A revision that was analysed before can be rolled out again: v1 -> v2 (analysed, promoted) -> v3 (promoted) -> v2
 * again, which gets a new AnalysisRun (a new name, a new request sequence), is measured afresh and promoted.
 */
class RevisionReturnsIT {
    private static final Duration OUTCOME = Duration.ofSeconds(90);
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void v2_after_v3_is_analysed_afresh_and_promoted() {
        // Given v1 stable, and healthy versions
        harness.setCanaryFailureShare(0.0);
        CanaryScenario scenario = new CanaryScenario(harness, "returns", Router.ISTIO,
                harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB, Manifests.analysedSteps("1s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));

        // When v2, then v3, then v2 again are released, each after the previous one was promoted
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome v2 = scenario.awaitOutcome(OUTCOME);
        assertThat(v2.promoted()).as("v2: %s", v2).isTrue();
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome v3 = scenario.awaitOutcome(OUTCOME);
        assertThat(v3.promoted()).as("v3: %s", v3).isTrue();
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome again = scenario.awaitOutcome(OUTCOME);

        // Then v2 is the same revision, analysed a second time under a new run, and promoted
        assertThat(again.revision()).isEqualTo(v2.revision());
        assertThat(again.promoted()).as("v2 again: %s", again).isTrue();
        History history = History.of(harness.events(), scenario.rolloutId(), v2.revision());
        List<AnalysisCompleted> verdicts = history.ofType(EventType.ANALYSIS_COMPLETED).stream()
                .map(e -> e.as(AnalysisCompleted.class)).toList();
        assertThat(verdicts).as(history.toString()).hasSize(2)
                .allSatisfy(v -> assertThat(v.phase()).isEqualTo(AnalysisPhase.Successful));
        assertThat(verdicts.get(1).runName()).isNotEqualTo(verdicts.get(0).runName());
        assertThat(verdicts.get(1).requestSequence()).isGreaterThan(verdicts.get(0).requestSequence());
        assertThat(history.ofType(EventType.ROLLOUT_PROMOTED)).hasSize(2);
    }
}
