package dev.sluice.controller.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Kstatus;
import dev.sluice.controller.workload.ClusterCache;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Reads and writes Rollouts, one writer per rollout at a time within this replica: the Kafka inbox (recording an
 * input) and the reconciler (acting on status) take the same per-rollout lock and always read the current object,
 * so neither overwrites what the other just recorded. Across replicas, partition ownership keeps a single writer.
 * <p>
 * Reads come from the informer cache ({@link ClusterCache}), so a resync of an unchanged rollout calls no API. The
 * cache is trusted for a rollout only when it holds the version this replica last wrote (each write is also put into
 * the cache at once); otherwise the object is read from the API server, so a write never starts from a status older
 * than this replica's own last write. A change by someone else that the watch has not delivered yet is caught by the
 * resourceVersion of the status write (a conflict, retried), as with any read.
 */
@ApplicationScoped
public class RolloutStore {
    private static final Logger LOG = Logger.getLogger(RolloutStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ClusterCache cache;
    /** A rollout's lock and how many threads hold or wait for it; the entry goes when the last one leaves. */
    private static final class Held {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Held> locks = new ConcurrentHashMap<>();
    /** Per rollout, the resourceVersion of this replica's last status write until the cache is seen to hold it. */
    private final ConcurrentHashMap<String, String> written = new ConcurrentHashMap<>();

    @Inject
    public RolloutStore(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /**
     * Runs {@code work} holding the rollout's lock. Locks exist only while someone holds or waits for them, so a
     * deleted rollout, or one another replica owns now, leaves nothing behind.
     */
    public <T> T locked(String rolloutId, Callable<T> work) throws Exception {
        Held held = locks.compute(rolloutId, (k, h) -> {
            Held e = h == null ? new Held() : h;
            e.users++;
            return e;
        });
        held.lock.lock();
        try {
            return work.call();
        } finally {
            held.lock.unlock();
            locks.computeIfPresent(rolloutId, (k, h) -> --h.users == 0 ? null : h);
        }
    }

    /** How many rollouts have a lock now (held or waited for). */
    int lockCount() {
        return locks.size();
    }

    /** How many threads hold or wait for the rollout's lock. */
    int users(String rolloutId) {
        Held h = locks.get(rolloutId);
        return h == null ? 0 : h.users;
    }

    /**
     * Waits until no work holds the lock of any rollout {@code which} selects (each lock taken and released once), for at
     * most {@code max} in all: the partitions of those rollouts are being handed to another replica, and work already
     * running finishes before the hand-over goes on (the fence stops it at its next side effect). False when time ran out.
     */
    public boolean awaitIdle(java.util.function.Predicate<String> which, java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean idle = true;
        for (var entry : locks.entrySet()) {
            if (!which.test(entry.getKey())) {
                continue;
            }
            try {
                if (entry.getValue().lock.tryLock(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    entry.getValue().lock.unlock();
                } else {
                    idle = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return idle;
    }

    public Optional<Rollout> get(String rolloutId) {
        String[] parts = rolloutId.split("/", 2);
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<Rollout> cached = cache.rollout(parts[0], parts[1]);
        String mine = written.get(rolloutId);
        if (cached.isPresent() && (mine == null || mine.equals(cached.get().getMetadata().getResourceVersion()))) {
            written.remove(rolloutId, mine);
            return cached.map(RolloutStore::copy);
        }
        Rollout fresh = client.resources(Rollout.class).inNamespace(parts[0]).withName(parts[1]).get();
        if (fresh == null || cached.isPresent()
                && fresh.getMetadata().getResourceVersion().equals(cached.get().getMetadata().getResourceVersion())) {
            written.remove(rolloutId); // the cache caught up (or the rollout is gone): trust it again
        }
        return Optional.ofNullable(fresh);
    }

    /** A copy to write on: its own metadata, the cached spec and status (neither is changed in place: statuses are copied first). */
    private static Rollout copy(Rollout cached) {
        Rollout copy = new Rollout();
        copy.setMetadata(new ObjectMetaBuilder(cached.getMetadata()).build());
        copy.setSpec(cached.getSpec());
        copy.setStatus(cached.getStatus());
        return copy;
    }

    /**
     * Records an input in the rollout's status (read fresh, under the lock) and writes it before returning, so the
     * caller may acknowledge the input afterwards. False when the rollout does not exist or nothing changed.
     */
    public boolean record(String rolloutId, BiFunction<Rollout, RolloutStatus, Optional<RolloutStatus>> recorder) throws Exception {
        return locked(rolloutId, () -> {
            Optional<Rollout> rollout = get(rolloutId);
            if (rollout.isEmpty()) {
                LOG.debugf("%s: no such rollout; input ignored", rolloutId);
                return false;
            }
            Optional<RolloutStatus> next = recorder.apply(rollout.get(), rollout.get().getStatus());
            if (next.isEmpty()) {
                return false;
            }
            writeStatus(rollout.get(), next.get());
            return true;
        });
    }

    /** Writes status on the object as read (its resourceVersion guards against a concurrent writer); skips no-ops. */
    public void writeStatus(Rollout rollout, RolloutStatus status) {
        status = Kstatus.withConditions(status, rollout.getMetadata().getGeneration(), java.time.Instant.now());
        if (JSON.valueToTree(status).equals(JSON.valueToTree(rollout.getStatus()))) {
            return;
        }
        rollout.setStatus(status);
        Rollout updated = client.resource(rollout).updateStatus();
        if (updated != null && updated.getMetadata() != null && updated.getMetadata().getResourceVersion() != null) {
            written.put(updated.rolloutId(), updated.getMetadata().getResourceVersion());
            cache.wrote(updated);
        }
    }
}
