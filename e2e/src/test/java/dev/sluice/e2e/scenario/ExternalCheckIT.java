package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 4: a rollout waits on an {@code event} metric until another system reports its check on {@code sluice.checks}. */
class ExternalCheckIT {
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void the_rollout_waits_for_a_passing_external_check_and_then_promotes() {
        // Given a rollout whose analysis step waits for the check "smoke-tests"
        String ns = "external-check";
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(Manifests.eventTemplate(ns, "smoke-tests"));
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", List.of("setWeight: 20",
                "analysis:\n  templates: [{templateName: external-check}]", "setWeight: 60", "pause: {duration: 1s}")));
        String id = ns + "/" + Manifests.ROLLOUT;
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));
        String stable = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/stableRS").asText();

        // When a new revision is released, it waits at 20% while the analysis waits for the check
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the analysis to be requested").atMost(Duration.ofSeconds(30)).until(() ->
                harness.events().of(id, EventType.ANALYSIS_REQUESTED).stream().anyMatch(e -> e.data().time().isAfter(Instant.now().minusSeconds(60))
                        && !((dev.sluice.events.AnalysisRequested) e.data()).revision().equals(stable)));
        String revision = ((dev.sluice.events.AnalysisRequested) harness.events().of(id, EventType.ANALYSIS_REQUESTED)
                .get(harness.events().of(id, EventType.ANALYSIS_REQUESTED).size() - 1).data()).revision();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(20);
            assertThat(History.of(harness.events(), id, revision).has(EventType.ANALYSIS_COMPLETED)).isFalse();
        });

        // and another system publishes a passing check result on sluice.checks (a plain Kafka producer)
        harness.sender().send(new CheckCompleted(id, revision, "smoke-tests", true, 42.0, "all 42 smoke tests passed", Instant.now()));

        // Then the analysis succeeds and the revision is promoted
        await("the revision to be promoted").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(status.path("phase").asText()).isEqualTo("Healthy");
            assertThat(status.path("stableRS").asText()).isEqualTo(revision);
        });
        History history = History.of(harness.events(), id, revision);
        assertThat(history.ofType(EventType.ANALYSIS_COMPLETED)).as(history.toString())
                .extracting(e -> ((AnalysisCompleted) e.data()).phase()).containsExactly(AnalysisPhase.Successful);
        assertThat(History.distinctRuns(history.requestedWeights())).startsWith(20, 60);
    }
}
