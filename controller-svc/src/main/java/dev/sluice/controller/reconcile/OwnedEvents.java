package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.common.ownership.PartitionOwnership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.quarkus.arc.Arc;
import java.util.function.Predicate;

/**
 * The informers' event filter: a Rollout, or a ReplicaSet a Rollout controls, whose rollout's partition another replica
 * owns causes no reconcile here (the informer caches still hold it: reads need it when the partition moves here, and
 * the rollouts of gained partitions are then reconciled at once, {@link RolloutReconciler}). Without it every replica
 * reconciled every watch event and resync of the whole cluster, only to find it was not the owner. Deletions are not
 * filtered (the Java Operator SDK forgets the resource on them).
 */
public final class OwnedEvents {
    private OwnedEvents() {
    }

    /** True when the object's event may start a reconcile here: its rollout's partition is owned, or it has no rollout. */
    static boolean relevant(Predicate<String> owns, HasMetadata resource) {
        String id = rolloutId(resource);
        return id == null || owns.test(id);
    }

    /**
     * {@code namespace/name} of the rollout an object belongs to: a Rollout's own, or the Rollout that controls a
     * ReplicaSet (its controller owner reference); null when there is none (such an event is never filtered out).
     */
    static String rolloutId(HasMetadata resource) {
        if (resource == null || resource.getMetadata() == null) {
            return null;
        }
        if (resource instanceof Rollout rollout) {
            return rollout.rolloutId();
        }
        if (resource.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference ref : resource.getMetadata().getOwnerReferences()) {
                if ("Rollout".equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController())) {
                    return resource.getMetadata().getNamespace() + "/" + ref.getName();
                }
            }
        }
        return null;
    }

    /**
     * The Rollout filters, which the Java Operator SDK builds from their class (no-arg constructor, registered in
     * {@link RolloutReconciler}'s configuration): each finds the replica's {@link PartitionOwnership} in the CDI
     * container on first use.
     */
    abstract static class ByOwnership {
        private volatile Predicate<String> owns;

        boolean accept(Rollout rollout) {
            Predicate<String> p = owns;
            if (p == null) {
                PartitionOwnership ownership = Arc.container().instance(PartitionOwnership.class).get();
                p = ownership::owns;
                owns = p;
            }
            return relevant(p, rollout);
        }
    }

    public static final class RolloutAdded extends ByOwnership implements OnAddFilter<Rollout> {
        @Override
        public boolean accept(Rollout rollout) {
            return super.accept(rollout);
        }
    }

    public static final class RolloutUpdated extends ByOwnership implements OnUpdateFilter<Rollout> {
        @Override
        public boolean accept(Rollout updated, Rollout old) {
            return accept(updated);
        }
    }
}
