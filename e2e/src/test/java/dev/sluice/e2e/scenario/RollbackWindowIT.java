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
 * Argo's rollbackWindow end to end: with {@code rollbackWindow.revisions: 1}, v1 -> v2 (steps, analysis, promoted) ->
 * v3 (promoted) -> v2 again is a fast-tracked rollback: no step, no analysis, promoted fully at once. (Compare
 * {@link RevisionReturnsIT}: without a window the same return is analysed afresh.)
 */
class RollbackWindowIT {
    private static final Duration OUTCOME = Duration.ofSeconds(90);
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void going_back_one_revision_within_the_window_skips_steps_and_analysis() {
        // Given v1 stable, healthy versions, and a rollback window of one revision
        harness.setCanaryFailureShare(0.0);
        CanaryScenario scenario = new CanaryScenario(harness, "rollback-window", Router.ISTIO,
                harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB, Manifests.analysedSteps("1s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        scenario.cluster().client().genericKubernetesResources(Cluster.ROLLOUTS).inNamespace(scenario.namespace())
                .withName(Manifests.ROLLOUT).patch(PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/spec/rollbackWindow\",\"value\":{\"revisions\":1}}]");

        // When v2 and then v3 are released and promoted, and then the template goes back to v2
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome v2 = scenario.awaitOutcome(OUTCOME);
        assertThat(v2.promoted()).as("v2: %s", v2).isTrue();
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome v3 = scenario.awaitOutcome(OUTCOME);
        assertThat(v3.promoted()).as("v3: %s", v3).isTrue();
        History beforeRollback = History.of(harness.events(), scenario.rolloutId(), v2.revision());
        int stepsOfV2 = beforeRollback.ofType(EventType.STEP_STARTED).size();
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        Outcome back = scenario.awaitOutcome(OUTCOME);

        // Then v2 is promoted again without a step or an analysis of its own, as a full promotion
        assertThat(back.revision()).isEqualTo(v2.revision());
        assertThat(back.promoted()).as("v2 again: %s", back).isTrue();
        History history = History.of(harness.events(), scenario.rolloutId(), v2.revision());
        assertThat(history.ofType(EventType.STEP_STARTED)).as(history.toString()).hasSize(stepsOfV2);
        assertThat(history.ofType(EventType.ANALYSIS_REQUESTED)).as(history.toString()).hasSize(1);
        List<RolloutPromoted> promotions = history.ofType(EventType.ROLLOUT_PROMOTED).stream()
                .map(e -> e.as(RolloutPromoted.class)).toList();
        assertThat(promotions).as(history.toString()).hasSize(2);
        assertThat(promotions.get(0).full()).isFalse();
        assertThat(promotions.get(1).full()).isTrue();
        assertThat(promotions.get(1).previousRevision()).isEqualTo(v3.revision());
    }
}
