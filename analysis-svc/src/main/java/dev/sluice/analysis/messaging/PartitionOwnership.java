package dev.sluice.analysis.messaging;

import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.runner.RunSupervisor;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.events.Topics;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Which rollouts this replica works on: those whose key hashes (Kafka's murmur2, as the producer does) to a
 * partition of {@code sluice.rollout.steps} this replica's consumer owns. When partitions are assigned, the
 * Running runs of their rollouts are resumed from their status; when revoked, they are released.
 */
@ApplicationScoped
@Default
@Unremovable
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {
    public static final String NAME = "analysis-ownership";
    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;

    @Inject
    RunSupervisor supervisor;

    @Inject
    AnalysisRunStore runs;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int count = consumer.partitionsFor(Topics.STEPS).size();
        partitionCount = count;
        partitions.stream().filter(p -> p.topic().equals(Topics.STEPS)).forEach(p -> owned.add(p.partition()));
        LOG.infof("owning partitions %s of %s (%d in all)", owned, Topics.STEPS, count);
        startDaemon(this::resumeOwned);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.stream().filter(p -> p.topic().equals(Topics.STEPS)).forEach(p -> owned.remove(p.partition()));
        supervisor.release(rollout -> !owns(rollout));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** Whether this replica works on {@code rolloutId}. */
    public boolean owns(String rolloutId) {
        int count = partitionCount;
        if (count == 0) {
            return false;
        }
        return owned.contains(Utils.toPositive(Utils.murmur2(rolloutId.getBytes(StandardCharsets.UTF_8))) % count);
    }

    /** Resumes every unfinished run (or unpublished verdict) of the rollouts this replica owns. */
    public void resumeOwned() {
        try {
            for (AnalysisRun run : runs.list(null, null)) {
                String rollout = run.getSpec() == null ? null : run.getSpec().rollout;
                boolean unfinished = run.getStatus() == null || !Boolean.TRUE.equals(run.getStatus().verdictPublished);
                if (rollout != null && unfinished && owns(rollout)) {
                    supervisor.resume(run);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot list AnalysisRuns to resume them");
        }
    }

    /** Kubernetes calls stay off the Kafka poll thread. */
    private static void startDaemon(Runnable r) {
        java.lang.Thread t = new java.lang.Thread(r, "sluice-analysis-resume");
        t.setDaemon(true);
        t.start();
    }
}
