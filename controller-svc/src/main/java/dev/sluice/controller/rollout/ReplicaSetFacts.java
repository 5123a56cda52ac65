package dev.sluice.controller.rollout;

import java.time.Instant;
import java.util.Comparator;

/**
 * What the controller observed of one ReplicaSet: its revision's hash, desired and ready/available pods, and when it
 * was created (null when unknown: it then counts as the oldest), which orders revisions for
 * {@code scaleDownDelayRevisionLimit}.
 */
public record ReplicaSetFacts(String hash, int replicas, int readyReplicas, int availableReplicas, Instant createdAt) {
    /** Newest first; unknown creation times last, ties by hash so the order never depends on the listing. */
    public static final Comparator<ReplicaSetFacts> NEWEST_FIRST = Comparator.comparing(ReplicaSetFacts::createdAt,
            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed().thenComparing(ReplicaSetFacts::hash);

    public ReplicaSetFacts(String hash, int replicas, int readyReplicas, int availableReplicas) {
        this(hash, replicas, readyReplicas, availableReplicas, null);
    }

    public static ReplicaSetFacts absent(String hash) {
        return new ReplicaSetFacts(hash, 0, 0, 0);
    }
}
