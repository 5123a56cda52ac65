package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart, second app run (after {@link RestartMidPause1Test}): the new app resumes the paused rollout from its
 * status alone. The pause ends at the deadline the first run recorded, no step starts twice, and the 20% that
 * traffic-svc already acknowledged is not requested again.
 */
@QuarkusTest
@TestProfile(RestartMidPause2Test.SecondRun.class)
@WithTestResource(value = SharedKubernetesServer.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class RestartMidPause2Test {

    public static class SecondRun implements QuarkusTestProfile {
    }

    @Inject
    KubernetesClient client;

    @Test
    void after_a_restart_the_pause_ends_at_its_original_deadline_and_nothing_is_repeated() {
        String namespace = System.getProperty(RestartMidPause1Test.NAMESPACE);
        assertThat(namespace).as("RestartMidPause1Test must run first (class-name order)").isNotNull();
        Instant until = Instant.parse(System.getProperty(RestartMidPause1Test.PAUSED_UNTIL));

        try (RolloutFixture given = new RolloutFixture(client, namespace)) {
            TrafficShiftRequested forty = given.acknowledgeShift("resume", 40);
            assertThat(forty.time()).as("40%% requested only once the original pause deadline %s passed", until).isAfterOrEqualTo(until);
            Rollout resumed = given.get("resume");
            assertThat(resumed.getStatus().stepHistory).filteredOn(r -> r.index == 1).singleElement()
                    .satisfies(r -> assertThat(Instant.parse(r.finishedAt)).isAfterOrEqualTo(until)
                            .isBefore(until.plus(Duration.ofSeconds(10))));

            String revision = forty.revision();
            List<Integer> started = given.events("resume", StepStarted.class).stream().filter(e -> revision.equals(e.revision()))
                    .map(StepStarted::stepIndex).toList();
            assertThat(started).as("every step started once").containsExactly(0, 1, 2);
            assertThat(given.events("resume", TrafficShiftRequested.class)).filteredOn(e -> revision.equals(e.revision()))
                    .extracting(TrafficShiftRequested::canaryWeight).as("20% requested once").containsExactly(20, 40);
            assertThat(given.events("resume", RolloutPaused.class)).filteredOn(e -> revision.equals(e.revision()))
                    .singleElement().satisfies(p -> assertThat(p.until()).isEqualTo(until));

            await().atMost(RolloutFixture.WAIT).until(() -> revision.equals(given.get("resume").getStatus().stableRS));
            given.acknowledgeShift("resume", 0);
            given.awaitPhase("resume", "Healthy");
        }
    }
}
