package dev.sluice.traffic.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.common.ownership.PartitionOwnership;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.shift.RouteStore;
import dev.sluice.traffic.shift.ShiftConfig;
import dev.sluice.traffic.shift.ShiftOutcome;
import dev.sluice.traffic.shift.TrafficShifter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Puts hand-edited weights back. Every interval it lists the route objects Sluice stamped, takes each owned
 * rollout's newest stamped desired state (annotation {@code sluice.dev/desired}) and applies it again through
 * the same shifter as a request: objects that still match are not written, drifted ones are restored (a log
 * line, the counter {@code sluice.traffic.drift.restored} and a
 * Kubernetes Event {@code TrafficDriftRestored} on the object). The objects are compared as listed, with no further
 * read; the Rollout is looked up (is it still there, with the stamp's uid?) before any restore, and otherwise once
 * every {@code sluice.traffic.drift.orphan-check-every} to release the routes of a Rollout deleted without its
 * finalizer ({@link Orphans}). A rollout is checked only by the replica whose
 * consumer owns its partition (service-common's {@link PartitionOwnership}, the rebalance listener of
 * {@code traffic-steps}), unless {@code sluice.traffic.drift.owned-only} is false.
 */
@ApplicationScoped
public class DriftCheck {
    private static final Logger LOG = Logger.getLogger(DriftCheck.class);

    @Inject
    RouteStore store;

    @Inject
    TrafficShifter shifter;

    @Inject
    PartitionOwnership ownership;

    @Inject
    ShiftConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    DriftEvents events;

    @Inject
    RolloutLookup rollouts;

    /** Passes of {@link #check} so far: which rollouts' orphan look-ups are due ({@link Orphans#lookupDue}). */
    private final AtomicLong passes = new AtomicLong();

    @Scheduled(every = "${sluice.traffic.drift.interval:30s}", delayed = "${sluice.traffic.drift.delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("drift check failed, next interval tries again: %s", e.getMessage());
        }
    }

    /**
     * A stamp whose rollout is gone: all traffic back to stable (weight 0, Sluice's header routes removed) through the
     * shifter, then the stamps of that rollout uid are removed, so no later check puts the old weights back. When a
     * rollout of the same name exists with another uid, only the old uid's stamps are removed (the new one owns the
     * weights). Stamps are grouped by rollout id and uid.
     */
    private void release(Stamp.Found found, Orphans.Lookup lookup) {
        Desired d = found.desired();
        // a rollout of the same name with another uid now owns the weights; only the old stamps go
        ShiftOutcome outcome = lookup instanceof Orphans.Lookup.Found ? null : shifter.shift(new Desired(d.rolloutId(), 0,
                d.routing(), d.stableService(), d.canaryService(), d.stableHash(), d.canaryHash(), List.of()),
                found.rolloutUid(), found.sequence() + 1); // a newer state than the stamp's: the same sequence would be contested
        if (outcome instanceof ShiftOutcome.Failed failed) {
            LOG.warnf("%s (uid %s, %s): could not return its routes to stable: %s; next interval tries again", found.rolloutId(),
                    found.rolloutUid(), describe(lookup), failed.reason());
            return;
        }
        int removed = 0;
        for (RouteKind kind : RouteKind.values()) {
            for (ObjectNode object : store.listStamped(kind, d.namespace(), Stamp.labelValue(d.rolloutName()))) {
                Optional<Stamp.Found> stamp = Stamp.read(object);
                if (stamp.isEmpty() || !stamp.get().rolloutId().equals(found.rolloutId())
                        || !stamp.get().rolloutUid().equals(found.rolloutUid())) {
                    continue;
                }
                Stamp.remove(object);
                store.update(ObjectRef.of(kind, object), object);
                removed++;
            }
        }
        registry.counter("sluice.traffic.drift.released").increment();
        LOG.infof("%s (uid %s, %s): routes returned to 100%% stable and Sluice's stamps removed from %d object(s)",
                found.rolloutId(), found.rolloutUid(), describe(lookup), removed);
    }

    private static String describe(Orphans.Lookup lookup) {
        return lookup instanceof Orphans.Lookup.Found f ? "the rollout now has uid " + f.uid() : "the rollout no longer exists";
    }

    /** Checks every owned rollout once; returns how many objects were restored. */
    public int check() {
        Map<String, Stamp.Found> newest = new LinkedHashMap<>();
        Map<ObjectRef, ObjectNode> listed = new HashMap<>(); // the shifts below compare with these instead of reading each again
        for (RouteKind kind : RouteKind.values()) {
            for (ObjectNode object : store.listStamped(kind, null, null)) {
                listed.put(ObjectRef.of(kind, object), object);
                Optional<Stamp.Found> found = Stamp.read(object);
                found.ifPresent(f -> newest.merge(f.rolloutId() + " " + f.rolloutUid(), f, (a, b) -> b.sequence() > a.sequence() ? b : a));
            }
        }
        int restored = 0;
        long pass = passes.getAndIncrement();
        int lookupEvery = (int) Math.max(1, config.drift().orphanCheckEvery().toMillis() / Math.max(1, config.drift().interval().toMillis()));
        for (Stamp.Found found : newest.values()) {
            if (config.drift().ownedOnly() && !ownership.owns(found.rolloutId())) {
                continue;
            }
            if (!Orphans.lookupDue(found.rolloutId(), pass, lookupEvery)
                    && shifter.holds(found.desired(), found.rolloutUid(), found.sequence(), listed)) {
                continue; // nothing drifted and no orphan look-up due: no request for this rollout
            }
            Orphans.Lookup lookup = rollouts.find(found.rolloutId());
            Orphans.Action action = Orphans.decide(found.rolloutUid(), lookup);
            if (action == Orphans.Action.SKIP) {
                LOG.debugf("%s: rollout unreadable (%s); drift check skipped this interval", found.rolloutId(), lookup);
                continue;
            }
            if (action == Orphans.Action.RELEASE) {
                release(found, lookup);
                continue;
            }
            ShiftOutcome outcome = shifter.shift(found.desired(), found.rolloutUid(), found.sequence(), listed);
            if (outcome instanceof ShiftOutcome.Applied applied && applied.writes() > 0) {
                restored += applied.writes();
                registry.counter("sluice.traffic.drift.restored").increment(applied.writes());
                LOG.warnf("%s sequence %d: route objects had drifted from canary weight %d%%; restored %d object(s): %s",
                        found.rolloutId(), found.sequence(), found.desired().canaryWeight(), applied.writes(), applied.written());
                applied.written().forEach(ref -> events.restored(found.rolloutId(), ref, found.desired().canaryWeight()));
            } else if (outcome instanceof ShiftOutcome.Failed failed) {
                registry.counter("sluice.traffic.drift.failed").increment();
                LOG.warnf("%s sequence %d: drift check could not restore %s: %s", found.rolloutId(), found.sequence(),
                        failed.object(), failed.reason());
            }
        }
        return restored;
    }
}
