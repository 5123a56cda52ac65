package dev.sluice.common.ownership;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Which rollouts this replica owns: those whose key falls, by Kafka's default partitioner (murmur2 of the
 * UTF-8 key), into a partition the replica's consumer is assigned. The input topics are co-partitioned and
 * range-assigned, so partition {@code p} of every input topic belongs to the same replica (docs/architecture.md §4).
 * Fed by a rebalance listener; listeners registered with {@link #onGained} hear the partition numbers gained.
 */
public final class OwnershipTracker {
    private volatile Set<Integer> owned = Set.of();
    /** The assignment after the previous rebalance: an eager rebalance revokes everything first, so "gained" compares with this. */
    private Set<Integer> lastAssigned = Set.of();
    private volatile int partitionCount;
    private final List<Consumer<Set<Integer>>> gainedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Set<Integer>>> revokedListeners = new CopyOnWriteArrayList<>();

    /** Kafka's default partition for a record key. */
    public static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public boolean owns(String key) {
        int n = partitionCount;
        return n > 0 && owned.contains(partition(key, n));
    }

    public Set<Integer> owned() {
        return owned;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public void onGained(Consumer<Set<Integer>> listener) {
        gainedListeners.add(listener);
    }

    /**
     * Listeners hear the partition numbers revoked or lost, after {@link #owns} already answers false for them, on the
     * consumer's thread: a listener that waits holds the rebalance up (the controller waits there for reconciles still
     * running on those rollouts, so the next owner cannot start before they end).
     */
    public void onRevoked(Consumer<Set<Integer>> listener) {
        revokedListeners.add(listener);
    }

    /** After a rebalance: the complete assignment (eager protocols) or the added partitions (cooperative). */
    public synchronized void assigned(Collection<TopicPartition> partitions, int partitionsPerTopic) {
        partitionCount = partitionsPerTopic;
        Set<Integer> next = new HashSet<>(owned);
        partitions.forEach(tp -> next.add(tp.partition()));
        Set<Integer> gained = new HashSet<>(next);
        gained.removeAll(lastAssigned);
        owned = Set.copyOf(next);
        lastAssigned = owned;
        if (!gained.isEmpty()) {
            Set<Integer> g = Set.copyOf(gained);
            gainedListeners.forEach(l -> l.accept(g));
        }
    }

    /** Partitions taken away in a rebalance; this replica stops acting on their rollouts at once. */
    public void revoked(Collection<TopicPartition> partitions) {
        Set<Integer> gone = new HashSet<>();
        synchronized (this) {
            Set<Integer> next = new HashSet<>(owned);
            partitions.forEach(tp -> {
                if (next.remove(tp.partition())) {
                    gone.add(tp.partition());
                }
            });
            owned = Set.copyOf(next);
        }
        if (!gone.isEmpty()) {
            Set<Integer> g = Set.copyOf(gone);
            revokedListeners.forEach(l -> l.accept(g));
        }
    }

    /** Partitions lost without a clean revoke (session timeout): they may be owned elsewhere already. */
    public void lost(Collection<TopicPartition> partitions) {
        revoked(partitions);
        synchronized (this) {
            Set<Integer> remembered = new HashSet<>(lastAssigned);
            partitions.forEach(tp -> remembered.remove(tp.partition()));
            lastAssigned = Set.copyOf(remembered);
        }
    }
}
