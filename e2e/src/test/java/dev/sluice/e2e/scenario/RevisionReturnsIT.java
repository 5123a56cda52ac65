package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Measurement;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutPromoted;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A revision that was analysed before is rolled out again: v1 -> v2 (analysed, promoted) -> v3 (promoted) -> v2 again.
 * Without a rollback window v2 gets a new AnalysisRun (a new name, a new request sequence), is measured afresh and
 * promoted; with Argo's {@code rollbackWindow.revisions: 1} the return is a fast-tracked rollback: no step, no
 * analysis, promoted fully at once.
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
        // Given v1 stable, and healthy versions; when v2, then v3, then v2 again are released
        Returns returns = v2ThenV3ThenV2(scenario("returns"));

        // Then v2 is the same revision, analysed a second time under a new run, and promoted
        History history = returns.historyOfV2();
        List<AnalysisCompleted> verdicts = history.ofType(EventType.ANALYSIS_COMPLETED).stream()
                .map(e -> e.as(AnalysisCompleted.class)).toList();
        assertThat(verdicts).as(history.toString()).hasSize(2)
                .allSatisfy(v -> assertThat(v.phase()).isEqualTo(AnalysisPhase.Successful));
        assertThat(verdicts.get(1).runName()).isNotEqualTo(verdicts.get(0).runName());
        assertThat(verdicts.get(1).requestSequence()).isGreaterThan(verdicts.get(0).requestSequence());
        assertThat(history.ofType(EventType.ROLLOUT_PROMOTED)).hasSize(2);
    }

    @Test
    void going_back_one_revision_within_the_rollback_window_skips_steps_and_analysis() {
        // Given v1 stable, healthy versions, and a rollback window of one revision
        CanaryScenario scenario = scenario("rollback-window");
        scenario.cluster().client().genericKubernetesResources(Cluster.ROLLOUTS).inNamespace(scenario.namespace())
                .withName(Manifests.ROLLOUT).patch(PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/spec/rollbackWindow\",\"value\":{\"revisions\":1}}]");

        // When v2, then v3, then v2 again are released
        Returns returns = v2ThenV3ThenV2(scenario);

        // Then v2 is promoted again without a step or an analysis of its own, as a full promotion
        History history = returns.historyOfV2();
        assertThat(history.ofType(EventType.STEP_STARTED)).as(history.toString()).hasSize(returns.stepsOfV2());
        assertThat(history.ofType(EventType.ANALYSIS_REQUESTED)).as(history.toString()).hasSize(1);
        List<RolloutPromoted> promotions = history.ofType(EventType.ROLLOUT_PROMOTED).stream()
                .map(e -> e.as(RolloutPromoted.class)).toList();
        assertThat(promotions).as(history.toString()).hasSize(2);
        assertThat(promotions.get(0).full()).isFalse();
        assertThat(promotions.get(1).full()).isTrue();
        assertThat(promotions.get(1).previousRevision()).isEqualTo(returns.v3().revision());
    }

    private static CanaryScenario scenario(String name) {
        harness.setCanaryFailureShare(0.0);
        CanaryScenario scenario = new CanaryScenario(harness, name, Router.ISTIO,
                harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB, Manifests.analysedSteps("1s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        return scenario;
    }

    /** What the three releases left: v3's outcome, the steps v2 started the first time, v2's history after its return. */
    private record Returns(Outcome v3, int stepsOfV2, History historyOfV2) {
    }

    /** Releases v2, v3 and v2 again, each after the previous one was promoted; v2's return is promoted too. */
    private static Returns v2ThenV3ThenV2(CanaryScenario scenario) {
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome v2 = scenario.awaitOutcome(OUTCOME);
        assertThat(v2.promoted()).as("v2: %s", v2).isTrue();
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome v3 = scenario.awaitOutcome(OUTCOME);
        assertThat(v3.promoted()).as("v3: %s", v3).isTrue();
        int stepsOfV2 = History.of(harness.events(), scenario.rolloutId(), v2.revision()).ofType(EventType.STEP_STARTED).size();
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome again = scenario.awaitOutcome(OUTCOME);
        assertThat(again.revision()).isEqualTo(v2.revision());
        assertThat(again.promoted()).as("v2 again: %s", again).isTrue();
        return new Returns(v3, stepsOfV2, History.of(harness.events(), scenario.rolloutId(), v2.revision()));
    }
}
