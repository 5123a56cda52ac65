package dev.sluice.traffic.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What one object should become for a desired state: the pure heart of traffic-svc. Given the object as it
 * is (or its template, when the router creates it), the outcome is to leave it, to write a new version, or
 * a precise reason why the object cannot take the desired state.
 */
public sealed interface Rewrite {

    /** The object already says everything; no write. */
    record Unchanged(ObjectNode current) implements Rewrite {
    }

    /** Write {@code next}; {@code create} when the object does not exist yet. */
    record Write(ObjectNode next, boolean create) implements Rewrite {
    }

    record Rejected(String reason) implements Rewrite {
    }

    /**
     * @param current  the object now, or empty when it does not exist
     * @param template the object {@code current} is created from, when the router creates objects
     */
    static Rewrite of(TrafficRouter router, Target target, Optional<ObjectNode> current, Optional<ObjectNode> template,
            Desired desired, String rolloutUid, long sequence) {
        try {
            if (current.isPresent()) {
                Optional<Stamp.Found> owner = Stamp.read(current.get());
                if (owner.isPresent() && !owner.get().rolloutId().equals(desired.rolloutId())) {
                    return new Rejected(target.ref() + " is managed by rollout " + owner.get().rolloutId()
                            + ", not " + desired.rolloutId());
                }
                ObjectNode next = current.get().deepCopy();
                template.ifPresent(t -> router.follow(target, next, t, desired));
                apply(router, target, next, desired, rolloutUid, sequence);
                return sameIgnoringSequence(current.get(), next) ? new Unchanged(current.get()) : new Write(next, false);
            }
            if (target.template().isPresent() && template.isEmpty()) {
                return new Rejected(target.template().get() + " does not exist");
            }
            Optional<ObjectNode> created = router.initial(target, template.orElse(null), desired);
            if (created.isEmpty()) {
                return new Rejected(target.ref() + " does not exist");
            }
            ObjectNode next = created.get();
            template.ifPresent(t -> router.follow(target, next, t, desired));
            apply(router, target, next, desired, rolloutUid, sequence);
            return new Write(next, true);
        } catch (RouteException e) {
            return new Rejected(e.getMessage());
        }
    }

    private static void apply(TrafficRouter router, Target target, ObjectNode object, Desired desired, String uid,
            long sequence) {
        router.setManagedRoutes(target, object, desired);
        router.setWeight(target, object, desired);
        Stamp.apply(object, desired, uid, sequence);
    }

    private static boolean sameIgnoringSequence(ObjectNode current, ObjectNode next) {
        ObjectNode a = current.deepCopy();
        ObjectNode b = next.deepCopy();
        Nodes.annotations(a).remove(Stamp.SEQUENCE);
        Nodes.annotations(b).remove(Stamp.SEQUENCE);
        return a.equals(b);
    }
}
