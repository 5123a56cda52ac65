package dev.sluice.traffic.shift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.router.ObjectRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's answer to this replica's last write of each route object, so the next shift of the same rollout
 * plans from it instead of reading the object again. Safe because a planned write carries the remembered
 * {@code resourceVersion}: if anyone changed the object since, the API answers 409 and the shifter reads it afresh.
 * A decision not to write is never taken on a remembered object ({@link TrafficShifter} reads it first), so a hand
 * edit is still seen by a repeated request and by the drift check. Bounded: the objects written longest ago are
 * forgotten first beyond {@link #CAPACITY}.
 */
final class WrittenObjects {
    static final int CAPACITY = 10_000;

    private final Map<ObjectRef, ObjectNode> objects;

    WrittenObjects(int capacity) {
        this.objects = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ObjectRef, ObjectNode> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<ObjectNode> get(ObjectRef ref) {
        return Optional.ofNullable(objects.get(ref)).map(ObjectNode::deepCopy);
    }

    synchronized void wrote(ObjectRef ref, ObjectNode answer) {
        objects.put(ref, answer.deepCopy());
    }

    synchronized void forget(ObjectRef ref) {
        objects.remove(ref);
    }
}
