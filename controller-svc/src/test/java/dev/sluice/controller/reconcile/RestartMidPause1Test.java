package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.pause;
import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart, first app run: a rollout reaches a 25 s pause, then this app stops (Quarkus restarts the app for
 * {@link RestartMidPause2Test}, which has another profile). The Kubernetes server and the broker stay up.
 */
@QuarkusTest
@TestProfile(RestartMidPause1Test.FirstRun.class)
@WithTestResource(value = SharedKubernetesServer.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class RestartMidPause1Test {
    static final String NAMESPACE = "sluice.test.restart.namespace";
    static final String PAUSED_UNTIL = "sluice.test.restart.until";

    public static class FirstRun implements QuarkusTestProfile {
    }

    @Inject
    KubernetesClient client;

    @Test
    void a_rollout_pauses_for_25_seconds_before_the_app_stops() {
        try (RolloutFixture given = new RolloutFixture(client)) {
            given.services("web-stable", "web-canary");
            given.create(RolloutFixture.rollout("resume", "web:1", List.of(weight(20), pause("25s"), weight(40))));
            given.awaitPhase("resume", "Healthy");
            given.setImage("resume", "web:2");
            given.acknowledgeShift("resume", 20);

            Rollout paused = given.awaitPhase("resume", "Paused");
            assertThat(paused.getStatus().pauseConditions).singleElement().satisfies(p -> assertThat(p.until).isNotNull());
            System.setProperty(NAMESPACE, given.namespace);
            System.setProperty(PAUSED_UNTIL, paused.getStatus().pauseConditions.get(0).until);
        }
    }
}
