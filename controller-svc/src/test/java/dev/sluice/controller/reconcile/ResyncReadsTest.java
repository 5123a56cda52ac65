package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller reads Rollouts, ReplicaSets, Services, budgets and autoscalers from its informer caches: a resync of
 * rollouts that nothing changed sends no request to the API server (counted on the test server itself). Before, every
 * reconcile read the Rollout, listed its ReplicaSets and listed the namespace's budgets, autoscalers and Services.
 */
@QuarkusTest
@TestProfile(ResyncReadsTest.FastResync.class)
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ResyncReadsTest {
    private static final int ROLLOUTS = 3;
    private static final int RESYNCS = 3;

    /** A resync every second, so a few of them pass quickly. */
    public static class FastResync implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sluice.controller.resync", "1S");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;
    @Inject
    KubernetesClient client;
    @Inject
    MeterRegistry registry;

    @Test
    void resyncs_of_healthy_rollouts_that_nothing_changed_send_no_request_to_the_api_server() throws Exception {
        try (RolloutFixture given = new RolloutFixture(client)) {
            given.services("web-stable", "web-canary");
            for (int i = 0; i < ROLLOUTS; i++) {
                given.create(RolloutFixture.rollout("quiet-" + i, "web:1", List.of(weight(50))));
            }
            for (int i = 0; i < ROLLOUTS; i++) {
                given.awaitPhase("quiet-" + i, "Healthy");
            }
        } // the fixture's kubelet stops: from here on only the controller talks to the API server

        awaitResyncs(); // whatever the last Healthy reconcile still wrote is done
        requests();
        awaitResyncs();
        assertThat(requests()).as("requests to the API server during %d resyncs of %d unchanged rollouts", RESYNCS, ROLLOUTS)
                .isEmpty();
    }

    private void awaitResyncs() {
        double from = reconciles();
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciles() >= from + ROLLOUTS * RESYNCS);
    }

    /** Rollouts looked at: reconciled, or skipped by a resync because nothing changed. */
    private double reconciles() {
        double looked = 0;
        for (String name : List.of("sluice.controller.reconciles", "sluice.controller.reconciles.skipped")) {
            var counter = registry.find(name).counter();
            looked += counter == null ? 0 : counter.count();
        }
        return looked;
    }

    /** The requests the test server received since the last call (method and path). */
    private List<String> requests() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (RecordedRequest r; (r = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null; ) {
            seen.add(r.getMethod() + " " + r.getPath());
        }
        return seen;
    }
}
