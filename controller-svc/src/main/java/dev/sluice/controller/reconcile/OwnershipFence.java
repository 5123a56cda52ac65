package dev.sluice.controller.reconcile;

import dev.sluice.common.ownership.PartitionOwnership;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Predicate;

/**
 * Fencing between controller replicas: a reconcile re-checks, under the rollout's lock, that this replica still owns
 * the rollout's partition right before each side effect (scaling a ReplicaSet, patching a Service, publishing, writing
 * status, pruning). A rebalance can take the partition away while a reconcile runs; the rest of that reconcile is then
 * dropped ({@link OwnershipLost}) and the new owner decides afresh from the Rollout's status. What a replica that lost
 * its partition without knowing yet (a long pause, a session timeout) still sends is caught downstream: the status
 * write carries the resourceVersion it read, and traffic-svc refuses a sequence it already applied with another state.
 */
@Singleton
public class OwnershipFence {
    private final Predicate<String> owns;

    @Inject
    public OwnershipFence(PartitionOwnership ownership) {
        this(ownership::owns);
    }

    OwnershipFence(Predicate<String> owns) {
        this.owns = owns;
    }

    /** Returns when this replica owns {@code rolloutId}; throws {@link OwnershipLost} naming {@code effect} otherwise. */
    public void check(String rolloutId, String effect) {
        if (!owns.test(rolloutId)) {
            throw new OwnershipLost(rolloutId, effect);
        }
    }

    /** The partition of the rollout moved to another replica during a reconcile; nothing more is done here. */
    public static final class OwnershipLost extends RuntimeException {
        public OwnershipLost(String rolloutId, String effect) {
            super(rolloutId + ": partition no longer owned by this replica; not going to " + effect, null, false, false);
        }
    }
}
