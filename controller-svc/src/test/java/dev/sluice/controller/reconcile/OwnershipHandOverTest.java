package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.common.ownership.OwnershipTracker;
import dev.sluice.common.ownership.PartitionOwnership;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.KafkaBroker;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A second member joins the controller's consumer group and takes some partitions: the app stops acting on the
 * rollouts of those partitions; when the member leaves, the app gains them back and reconciles those rollouts.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class OwnershipHandOverTest {

    @Inject
    KubernetesClient client;
    @Inject
    PartitionOwnership ownership;

    @Test
    void acts_only_on_rollouts_of_owned_partitions_and_takes_over_when_the_other_replica_stops() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> ownership.owned().size() == 3);
        try (RolloutFixture given = new RolloutFixture(client); OtherReplica other = new OtherReplica()) {
            given.services("web-stable", "web-canary");
            other.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> ownership.owned().size() == 1 || ownership.owned().size() == 2);
            Set<Integer> mine = Set.copyOf(ownership.owned());
            String home = nameIn(given.namespace, p -> mine.contains(p));
            String away = nameIn(given.namespace, p -> !mine.contains(p));

            given.create(RolloutFixture.rollout(away, "web:1", List.of(RolloutFixture.weight(50), RolloutFixture.pause(null))));
            given.create(RolloutFixture.rollout(home, "web:1", List.of(RolloutFixture.weight(50), RolloutFixture.pause(null))));
            given.awaitPhase(home, "Healthy");
            assertThat(given.get(away).getStatus()).as("the other replica's rollout is left alone").isNull();
            assertThat(given.events(away)).isEmpty();

            other.close();
            given.awaitPhase(away, "Healthy");
            await().atMost(RolloutFixture.WAIT).untilAsserted(() -> {
                assertThat(given.events(away, RevisionDetected.class)).hasSize(1);
                assertThat(given.events(home, RevisionDetected.class)).hasSize(1);
            });
        }
    }

    private static String nameIn(String namespace, java.util.function.IntPredicate partition) {
        return IntStream.range(0, 1000).mapToObj(i -> "svc-" + i)
                .filter(n -> partition.test(OwnershipTracker.partition(namespace + "/" + n, 3))).findFirst().orElseThrow();
    }

    /** Another controller replica's consumer: same group, same topics, range assignment; it only holds partitions. */
    static final class OtherReplica implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "sluice-controller");
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            thread = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(Topics.VERDICTS, Topics.TRAFFIC_STATUS, Topics.COMMANDS));
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }
            }, "other-replica");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            if (running.getAndSet(false) && thread != null) {
                thread.join(30_000);
            }
        }
    }
}
