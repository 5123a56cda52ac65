package dev.sluice.common.ownership;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.util.Collection;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The SmallRye rebalance listener that feeds {@link OwnershipTracker}. A service enables it on its input channel
 * with {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=sluice-ownership}.
 */
@ApplicationScoped
@Default
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {
    public static final String NAME = "sluice-ownership";
    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

    private final OwnershipTracker tracker = new OwnershipTracker();

    public OwnershipTracker tracker() {
        return tracker;
    }

    public boolean owns(String rolloutId) {
        return tracker.owns(rolloutId);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int count = partitions.stream().map(TopicPartition::topic).distinct()
                .mapToInt(topic -> consumer.partitionsFor(topic).size()).max().orElse(tracker.partitionCount());
        tracker.assigned(partitions, count);
        LOG.infof("partitions assigned: %s of %d; owned now %s", partitions, count, tracker.owned());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tracker.revoked(partitions);
        LOG.infof("partitions revoked: %s; owned now %s", partitions, tracker.owned());
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tracker.lost(partitions);
        LOG.infof("partitions lost: %s; owned now %s", partitions, tracker.owned());
    }

    public Set<Integer> owned() {
        return tracker.owned();
    }
}
