package dev.sluice.analysis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOwnershipTest {

    @Test
    void a_replica_owns_exactly_the_rollouts_whose_key_the_producer_sends_to_its_partitions() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(Topics.STEPS, IntStream.range(0, 3)
                .mapToObj(p -> new PartitionInfo(Topics.STEPS, p, null, null, null)).toList());
        PartitionOwnership ownership = new PartitionOwnership();
        ownership.onPartitionsAssigned(consumer, List.of(new TopicPartition(Topics.STEPS, 1),
                new TopicPartition(Topics.CHECKS, 0)));

        List<String> rollouts = IntStream.range(0, 60).mapToObj(i -> "shop/web-" + i).toList();
        for (String rollout : rollouts) {
            int producerPartition = BuiltInPartitioner.partitionForKey(rollout.getBytes(StandardCharsets.UTF_8), 3);
            assertThat(ownership.owns(rollout)).as(rollout).isEqualTo(producerPartition == 1);
        }
        assertThat(rollouts).anyMatch(ownership::owns).anyMatch(r -> !ownership.owns(r));
    }

    @Test
    void before_any_assignment_nothing_is_owned() {
        assertThat(new PartitionOwnership().owns("shop/web")).isFalse();
    }
}
