package dev.sluice.traffic.drift;

import dev.sluice.events.Topics;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import dev.sluice.traffic.shift.ShiftConfig;

/**
 * Whether this replica owns a rollout: its {@code traffic-steps} consumer is assigned the partition the
 * rollout id hashes to (Kafka's default partitioner, murmur2), so exactly one replica checks each rollout.
 */
@ApplicationScoped
public class PartitionOwnership {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    KafkaClientService kafka;

    @Inject
    ShiftConfig config;

    public boolean owns(String rolloutId) {
        if (!config.drift().ownedOnly()) {
            return true;
        }
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer("traffic-steps");
        if (consumer == null) {
            return false;
        }
        Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(TIMEOUT);
        int partitions = consumer.partitionsFor(Topics.STEPS).await().atMost(TIMEOUT).size();
        if (partitions == 0) {
            return false;
        }
        int partition = Utils.toPositive(Utils.murmur2(rolloutId.getBytes(StandardCharsets.UTF_8))) % partitions;
        return assigned.contains(new TopicPartition(Topics.STEPS, partition));
    }
}
