package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.pause;
import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resyncs of a rollout that nothing changed are skipped ({@code ResyncSkip}), with a resync every second and no full
 * reconcile during the test (every hour), so nothing but the skip rules decides: a pause still ends on time, a
 * ReplicaSet someone else scaled is scaled back at once, and an unchanged rollout's resyncs are skipped.
 */
@QuarkusTest
@TestProfile(ResyncSkipReconcileTest.FastResyncNoFull.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ResyncSkipReconcileTest {
    public static class FastResyncNoFull implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sluice.controller.resync", "1S", "sluice.controller.full-reconcile-every", "1H");
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    MeterRegistry registry;

    @Test
    void resyncs_of_an_unchanged_healthy_rollout_are_skipped() {
        try (RolloutFixture given = new RolloutFixture(client)) {
            given.services("web-stable", "web-canary");
            given.create(RolloutFixture.rollout("idle", "web:1", List.of(weight(50))));
            given.awaitPhase("idle", "Healthy");
            double from = skipped();
            await().atMost(Duration.ofSeconds(30)).until(() -> skipped() >= from + 3);
        }
    }

    @Test
    void a_pause_ends_on_time_although_the_resyncs_during_it_are_skipped() {
        try (RolloutFixture given = new RolloutFixture(client)) {
            given.services("web-stable", "web-canary");
            given.create(RolloutFixture.rollout("pausing", "web:1", List.of(weight(20), pause("6s"), weight(40))));
            given.awaitPhase("pausing", "Healthy");
            given.setImage("pausing", "web:2");
            given.acknowledgeShift("pausing", 20);
            given.awaitPhase("pausing", "Paused");
            double from = skipped();

            given.awaitShift("pausing", 40); // only the pause's timer can start the next step: nothing else changes

            assertThat(skipped()).as("resyncs skipped during the pause").isGreaterThan(from);
        }
    }

    @Test
    void a_replica_set_scaled_by_someone_else_is_scaled_back_although_the_rollout_did_not_change() {
        try (RolloutFixture given = new RolloutFixture(client)) {
            given.services("web-stable", "web-canary");
            given.create(RolloutFixture.rollout("scaled", "web:1", List.of(weight(50))));
            given.awaitPhase("scaled", "Healthy");
            double from = skipped();
            await().atMost(Duration.ofSeconds(30)).until(() -> skipped() > from); // the controller is at rest

            ReplicaSet rs = client.apps().replicaSets().inNamespace(given.namespace).list().getItems().get(0);
            client.apps().replicaSets().inNamespace(given.namespace).withName(rs.getMetadata().getName())
                    .edit(r -> {
                        r.getSpec().setReplicas(1);
                        return r;
                    });

            await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.apps().replicaSets()
                    .inNamespace(given.namespace).withName(rs.getMetadata().getName()).get().getSpec().getReplicas()).isEqualTo(4));
        }
    }

    private double skipped() {
        var counter = registry.find("sluice.controller.reconciles.skipped").counter();
        return counter == null ? 0 : counter.count();
    }
}
