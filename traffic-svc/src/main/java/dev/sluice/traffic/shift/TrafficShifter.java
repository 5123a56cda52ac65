package dev.sluice.traffic.shift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.AppliedRoute;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.Rewrite;
import dev.sluice.traffic.router.Routers;
import dev.sluice.traffic.router.RouteException;
import dev.sluice.traffic.router.RouteWeight;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.router.Target;
import dev.sluice.traffic.router.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies one desired state to every router of a rollout, through a {@link RouteStore}:
 * <ol>
 * <li>read every object (and template) — an object this replica wrote last is taken from the API server's answer to
 * that write ({@link WrittenObjects}) when the plan is to write it again — and stop if any holds a newer sequence of the same rollout (stale), or the same
 * sequence with a different desired state (contested: two controller replicas each believed they owned the rollout; the
 * first writer wins and the second request changes nothing);</li>
 * <li>compute every rewrite first, so a bad object or spec fails the shift before anything is written;</li>
 * <li>write what differs; a 409 conflict re-reads and re-applies, transient errors retry with backoff;</li>
 * <li>read every object back: it must still hold the desired state, and its weights are reported.</li>
 * </ol>
 * Applying the same state twice writes nothing.
 */
public final class TrafficShifter {
    static final int MAX_CONFLICTS = 5;

    private final List<TrafficRouter> routers;
    private final RouteStore store;
    private final Backoff backoff;
    private final Backoff.Sleeper sleeper;
    private final WrittenObjects written;

    public TrafficShifter(List<TrafficRouter> routers, RouteStore store, Backoff backoff, Backoff.Sleeper sleeper) {
        this(routers, store, backoff, sleeper, WrittenObjects.CAPACITY);
    }

    TrafficShifter(List<TrafficRouter> routers, RouteStore store, Backoff backoff, Backoff.Sleeper sleeper, int remembered) {
        this.routers = List.copyOf(routers);
        this.store = store;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.written = new WrittenObjects(remembered);
    }

    public List<TrafficRouter> routers() {
        return routers;
    }

    private record Planned(TrafficRouter router, Target target, Optional<ObjectNode> current, Optional<ObjectNode> template,
            Rewrite rewrite) {
    }

    /** A failure that ends the shift; carries the outcome to report. */
    private static final class Abort extends RuntimeException {
        final ShiftOutcome outcome;

        Abort(ShiftOutcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    public ShiftOutcome shift(Desired desired, String rolloutUid, long sequence) {
        return shift(desired, rolloutUid, sequence, Map.of());
    }

    /**
     * {@link #shift(Desired, String, long)} planned from objects the caller has just read from the API server (the drift
     * check's list of stamped objects) instead of reading each again. A decision not to write is then taken on that
     * read, as it would be on a GET; a write of an object changed since is a conflict, and read again.
     */
    public ShiftOutcome shift(Desired desired, String rolloutUid, long sequence, Map<ObjectRef, ObjectNode> justRead) {
        try {
            List<Planned> plans = plan(desired, rolloutUid, sequence, justRead);
            List<ObjectRef> written = new ArrayList<>();
            List<ObjectNode> held = new ArrayList<>();
            for (Planned p : plans) {
                Optional<ObjectNode> stored = write(p, desired, rolloutUid, sequence);
                stored.ifPresent(object -> written.add(p.target().ref()));
                held.add(stored.orElseGet(() -> p.current().orElse(null)));
            }
            List<AppliedRoute> applied = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                applied.addAll(verify(plans.get(i), held.get(i), desired, rolloutUid, sequence));
            }
            return new ShiftOutcome.Applied(applied, List.copyOf(written));
        } catch (Abort abort) {
            return abort.outcome;
        }
    }

    /**
     * True when every object of the rollout holds the desired state, judged on {@code justRead} where it has the object
     * (other objects and templates are read); nothing is written. False when anything would be written, refused, or is
     * stale or contested: the caller then decides whether to {@link #shift} at all.
     */
    public boolean holds(Desired desired, String rolloutUid, long sequence, Map<ObjectRef, ObjectNode> justRead) {
        try {
            return plan(desired, rolloutUid, sequence, justRead).stream().allMatch(p -> p.rewrite() instanceof Rewrite.Unchanged);
        } catch (Abort abort) {
            return false;
        }
    }

    /** What the rollout's objects hold now, per router and object, without writing. */
    public List<AppliedRoute> current(Desired desired) {
        List<AppliedRoute> out = new ArrayList<>();
        for (TrafficRouter router : routers) {
            if (!router.usedBy(desired)) {
                continue;
            }
            for (Target target : router.targets(desired)) {
                store.get(target.ref()).ifPresent(object -> {
                    try {
                        out.addAll(applied(router, target, object, desired));
                    } catch (RouteException e) {
                        // an object that no longer has its managed routes reports no weight
                    }
                });
            }
        }
        return out;
    }

    private List<Planned> plan(Desired desired, String rolloutUid, long sequence, Map<ObjectRef, ObjectNode> justRead) {
        List<Planned> plans = new ArrayList<>();
        Routers.unknownPlugins(desired.routing(), routers).ifPresent(problem -> {
            throw new Abort(new ShiftOutcome.Failed("plugins", null, problem, false));
        });
        for (TrafficRouter router : routers) {
            if (!router.usedBy(desired)) {
                continue;
            }
            List<Target> targets;
            try {
                targets = router.targets(desired);
            } catch (RouteException e) {
                throw new Abort(new ShiftOutcome.Failed(router.name(), null, e.getMessage(), false));
            }
            for (Target target : targets) {
                Optional<ObjectNode> listed = Optional.ofNullable(justRead.get(target.ref()));
                Optional<ObjectNode> remembered = listed.isPresent() ? Optional.empty() : written.get(target.ref());
                Optional<ObjectNode> current = listed.or(() -> remembered).or(() -> read(router, target.ref()));
                Optional<ObjectNode> template = target.template().isPresent() ? read(router, target.template().get()) : Optional.empty();
                Rewrite rewrite = rewrite(router, target, current, template, desired, rolloutUid, sequence);
                if (remembered.isPresent() && !(rewrite instanceof Rewrite.Write)) {
                    // nothing to write, or a refusal: decided on what the API holds now, never on our last write
                    current = read(router, target.ref());
                    rewrite = rewrite(router, target, current, template, desired, rolloutUid, sequence);
                }
                if (rewrite instanceof Rewrite.Rejected rejected) {
                    ObjectRef at = current.isEmpty() && target.template().isPresent() && template.isEmpty()
                            ? target.template().get() : target.ref();
                    throw new Abort(new ShiftOutcome.Failed(router.name(), at.toString(), rejected.reason(), false));
                }
                plans.add(new Planned(router, target, current, template, rewrite));
            }
        }
        return plans;
    }

    /** The rewrite of {@code current}, once it is known not to hold a newer or a contested state of the rollout. */
    private static Rewrite rewrite(TrafficRouter router, Target target, Optional<ObjectNode> current, Optional<ObjectNode> template,
            Desired desired, String uid, long sequence) {
        checkNotStale(current, desired, uid, sequence, target.ref());
        return Rewrite.of(router, target, current, template, desired, uid, sequence);
    }

    private static void checkNotStale(Optional<ObjectNode> current, Desired desired, String uid, long sequence, ObjectRef ref) {
        Optional<Stamp.Found> stamp = current.flatMap(Stamp::read);
        if (stamp.isPresent() && stamp.get().rolloutId().equals(desired.rolloutId()) && stamp.get().rolloutUid().equals(uid)
                && stamp.get().sequence() > sequence) {
            throw new Abort(new ShiftOutcome.Stale(stamp.get().sequence(), ref.toString()));
        }
        if (stamp.isPresent() && stamp.get().rolloutId().equals(desired.rolloutId()) && stamp.get().rolloutUid().equals(uid)
                && stamp.get().sequence() == sequence && !Stamp.sameDesired(stamp.get().desired(), desired)) {
            throw new Abort(new ShiftOutcome.Contested(sequence, ref.toString()));
        }
    }

    /**
     * Writes the planned rewrite; on a conflict re-reads and re-plans. Returns the object as the API server stored it
     * (the answer to the write), or empty when nothing needed writing.
     */
    private Optional<ObjectNode> write(Planned planned, Desired desired, String uid, long sequence) {
        TrafficRouter router = planned.router();
        ObjectRef ref = planned.target().ref();
        Rewrite rewrite = planned.rewrite();
        for (int conflicts = 0; ; conflicts++) {
            if (!(rewrite instanceof Rewrite.Write write)) {
                return Optional.empty();
            }
            try {
                ObjectNode answer = retrying(router, "writing " + ref,
                        () -> write.create() ? store.create(ref, write.next()) : store.update(ref, write.next()));
                written.wrote(ref, answer);
                return Optional.of(answer);
            } catch (StoreException e) {
                written.forget(ref);
                if (e.kind() != StoreException.Kind.CONFLICT) {
                    throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), "writing " + ref + " failed: " + e.getMessage(), false));
                }
                if (conflicts + 1 >= MAX_CONFLICTS) {
                    throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), "writing " + ref + " conflicted "
                            + MAX_CONFLICTS + " times with other writers", true));
                }
                Optional<ObjectNode> current = read(router, ref);
                Optional<ObjectNode> template = planned.target().template().isPresent()
                        ? read(router, planned.target().template().get()) : Optional.empty();
                rewrite = rewrite(router, planned.target(), current, template, desired, uid, sequence);
                if (rewrite instanceof Rewrite.Rejected rejected) {
                    throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), rejected.reason(), false));
                }
            }
        }
    }

    /**
     * Reads back what the object holds — the API server's answer to our write, or the object as read when nothing
     * needed writing — and checks it is the desired state; a second GET would only race with other writers.
     */
    private List<AppliedRoute> verify(Planned planned, ObjectNode found, Desired desired, String uid, long sequence) {
        TrafficRouter router = planned.router();
        ObjectRef ref = planned.target().ref();
        if (found == null) {
            throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), ref + " is missing after the shift", true));
        }
        Rewrite again = Rewrite.of(router, planned.target(), Optional.of(found), planned.template(), desired, uid, sequence);
        if (!(again instanceof Rewrite.Unchanged)) {
            String why = again instanceof Rewrite.Rejected r ? r.reason() : "another writer changed it";
            throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(),
                    ref + " does not hold the desired state after the write: " + why, true));
        }
        try {
            return applied(router, planned.target(), found, desired);
        } catch (RouteException e) {
            throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), e.getMessage(), false));
        }
    }

    private static List<AppliedRoute> applied(TrafficRouter router, Target target, ObjectNode object, Desired desired) {
        String resourceVersion = object.path("metadata").path("resourceVersion").asText(null);
        List<AppliedRoute> out = new ArrayList<>();
        for (RouteWeight w : router.readBack(target, object, desired)) {
            out.add(new AppliedRoute(router.name(), target.ref().kind().kind(), target.ref().namespace(), target.ref().name(),
                    w.route(), w.canaryWeight(), resourceVersion));
        }
        return out;
    }

    private Optional<ObjectNode> read(TrafficRouter router, ObjectRef ref) {
        try {
            return retrying(router, "reading " + ref, () -> store.get(ref));
        } catch (StoreException e) {
            throw new Abort(new ShiftOutcome.Failed(router.name(), ref.toString(), "reading " + ref + " failed: " + e.getMessage(), false));
        }
    }

    /** Runs {@code call}, retrying transient failures with backoff; other failures are thrown to the caller. */
    private <T> T retrying(TrafficRouter router, String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.TRANSIENT) {
                    throw e;
                }
                if (attempt >= backoff.attempts()) {
                    String object = what.substring(what.indexOf(' ') + 1);
                    throw new Abort(new ShiftOutcome.Failed(router.name(), object, what + " failed " + attempt
                            + " times, the Kubernetes API is unavailable: " + e.getMessage(), true));
                }
                try {
                    sleeper.sleep(backoff.delayBefore(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Abort(new ShiftOutcome.Failed(router.name(), null, what + " was interrupted", true));
                }
            }
        }
    }
}
