package dev.sluice.analysis.messaging;

import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.wiring.RunSupervisor;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.common.ownership.OwnershipTracker;
import dev.sluice.events.Topics;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
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

    /** The same bookkeeping as the controller's and traffic-svc's (service-common), for this listener's topic. */
    private final OwnershipTracker tracker = new OwnershipTracker();

    @Inject
    RunSupervisor supervisor;

    @Inject
    AnalysisRunStore runs;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int count = consumer.partitionsFor(Topics.STEPS).size();
        tracker.assigned(steps(partitions), count);
        LOG.infof("owning partitions %s of %s (%d in all)", tracker.owned(), Topics.STEPS, count);
        startDaemon(this::resumeOwned);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tracker.revoked(steps(partitions));
        supervisor.release(rollout -> !owns(rollout));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        tracker.lost(steps(partitions));
        supervisor.release(rollout -> !owns(rollout));
    }

    private static List<TopicPartition> steps(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(p -> p.topic().equals(Topics.STEPS)).toList();
    }

    /** Whether this replica works on {@code rolloutId}. */
    public boolean owns(String rolloutId) {
        return tracker.owns(rolloutId);
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
