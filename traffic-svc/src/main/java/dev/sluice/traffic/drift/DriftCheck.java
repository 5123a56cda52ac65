package dev.sluice.traffic.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.shift.RouteStore;
import dev.sluice.traffic.shift.ShiftOutcome;
import dev.sluice.traffic.shift.TrafficShifter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Puts hand-edited weights back. Every interval it lists the route objects Sluice stamped, takes each owned
 * rollout's newest stamped desired state (annotation {@code sluice.dev/desired}) and applies it again through
 * the same shifter as a request: objects that still match are not written, drifted ones are restored (a log
 * line, the counter {@code sluice.traffic.drift.restored} and a
 * Kubernetes Event {@code TrafficDriftRestored} on the object). A rollout is checked only by the replica whose
 * consumer owns its partition ({@link PartitionOwnership}).
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
    MeterRegistry registry;

    @Inject
    DriftEvents events;

    @Scheduled(every = "${sluice.traffic.drift.interval:30s}", delayed = "${sluice.traffic.drift.delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("drift check failed, next interval tries again: %s", e.getMessage());
        }
    }

    /** Checks every owned rollout once; returns how many objects were restored. */
    public int check() {
        Map<String, Stamp.Found> newest = new LinkedHashMap<>();
        for (RouteKind kind : RouteKind.values()) {
            for (ObjectNode object : store.listStamped(kind, null, null)) {
                Optional<Stamp.Found> found = Stamp.read(object);
                found.ifPresent(f -> newest.merge(f.rolloutId(), f, (a, b) -> b.sequence() > a.sequence() ? b : a));
            }
        }
        int restored = 0;
        for (Stamp.Found found : newest.values()) {
            if (!ownership.owns(found.rolloutId())) {
                continue;
            }
            ShiftOutcome outcome = shifter.shift(found.desired(), found.rolloutUid(), found.sequence());
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
