package dev.sluice.common.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.events.Topics;
import dev.sluice.testsupport.KafkaBroker;
import dev.sluice.testsupport.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas in one consumer group on the real broker, as the controller runs them: the three co-partitioned
 * input topics, range assignment, an {@link OwnershipTracker} fed by each replica's rebalance listener.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PartitionOwnershipTest {
    static final List<String> INPUTS = List.of(Topics.VERDICTS, Topics.TRAFFIC_STATUS, Topics.COMMANDS);
    static final List<String> ROLLOUTS = IntStream.range(0, 30).mapToObj(i -> "shop/web-" + i).toList();

    @Test
    void each_rollout_is_owned_by_exactly_one_replica_and_a_stopped_replica_hands_its_rollouts_over(KafkaBroker broker)
            throws Exception {
        String group = "ownership-" + UUID.randomUUID();
        try (Replica a = new Replica(broker, group); Replica b = new Replica(broker, group)) {
            a.start();
            b.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.tracker.owned().size() + b.tracker.owned().size() == 3
                    && !a.tracker.owned().isEmpty() && !b.tracker.owned().isEmpty());

            assertThat(ROLLOUTS).allSatisfy(id -> assertThat(a.tracker.owns(id) ^ b.tracker.owns(id))
                    .as("%s owned by exactly one replica", id).isTrue());

            produce(broker, Topics.COMMANDS);
            produce(broker, Topics.VERDICTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> a.received.size() + b.received.size() == 2 * ROLLOUTS.size());
            assertThat(a.received).allSatisfy(r -> assertThat(a.tracker.owns(r.key())).as("A owns %s", r.key()).isTrue());
            assertThat(b.received).allSatisfy(r -> assertThat(b.tracker.owns(r.key())).as("B owns %s", r.key()).isTrue());

            Set<Integer> handedOver = b.tracker.owned();
            b.close();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ROLLOUTS).allSatisfy(id -> assertThat(a.tracker.owns(id)).isTrue()));
            assertThat(a.gained).contains(handedOver);
        }
    }

    @Test
    void computes_the_partition_kafkas_default_partitioner_chooses() {
        for (int i = 0; i < 300; i++) {
            String key = "ns-" + i + "/rollout-" + (i * 7);
            int kafka = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8), 3);
            assertThat(OwnershipTracker.partition(key, 3)).as(key).isEqualTo(kafka);
        }
    }

    private static void produce(KafkaBroker broker, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String id : ROLLOUTS) {
                producer.send(new ProducerRecord<>(topic, id, "x")).get();
            }
        }
    }

    /** One controller replica's consumer: polls the input topics and feeds its tracker on every rebalance. */
    static final class Replica implements AutoCloseable {
        final OwnershipTracker tracker = new OwnershipTracker();
        final List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
        final List<Set<Integer>> gained = new CopyOnWriteArrayList<>();
        private final KafkaConsumer<String, String> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        private Thread thread;

        Replica(KafkaBroker broker, String group) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            tracker.onGained(gained::add);
        }

        void start() {
            thread = new Thread(() -> {
                consumer.subscribe(INPUTS, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        tracker.assigned(partitions, consumer.partitionsFor(Topics.COMMANDS).size());
                    }

                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        tracker.revoked(partitions);
                    }
                });
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        if (ROLLOUTS.contains(r.key()) && seen.putIfAbsent(r.topic() + r.key(), true) == null) {
                            received.add(r);
                        }
                    }
                }
                consumer.close();
            }, "replica");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            if (running.getAndSet(false)) {
                thread.join(30_000);
            }
        }
    }
}
