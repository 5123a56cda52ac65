package dev.sluice.traffic.shift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A route store with the API server's optimistic concurrency (a stale resourceVersion is a CONFLICT), that can
 * be told to fail the next calls or to let "someone else" write just before Sluice's next update.
 */
final class InMemoryRouteStore implements RouteStore {
    private final Map<ObjectRef, ObjectNode> objects = new LinkedHashMap<>();
    private final Deque<StoreException> failures = new ArrayDeque<>();
    private Consumer<InMemoryRouteStore> beforeNextUpdate;
    private long version = 100;
    int creates;
    int updates;
    /** Every object read, in order. */
    final List<ObjectRef> reads = new ArrayList<>();

    void put(ObjectRef ref, ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("metadata")).put("resourceVersion", Long.toString(++version));
        objects.put(ref, copy);
    }

    ObjectNode object(ObjectRef ref) {
        return objects.get(ref).deepCopy();
    }

    void failNext(StoreException.Kind kind, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(new StoreException(kind, "HTTP 503 service unavailable"));
        }
    }

    void beforeNextUpdate(Consumer<InMemoryRouteStore> edit) {
        beforeNextUpdate = edit;
    }

    private void maybeFail() {
        if (!failures.isEmpty()) {
            throw failures.poll();
        }
    }

    @Override
    public Optional<ObjectNode> get(ObjectRef ref) {
        reads.add(ref);
        maybeFail();
        return Optional.ofNullable(objects.get(ref)).map(ObjectNode::deepCopy);
    }

    @Override
    public ObjectNode create(ObjectRef ref, ObjectNode object) {
        maybeFail();
        if (objects.containsKey(ref)) {
            throw new StoreException(StoreException.Kind.CONFLICT, ref + " already exists");
        }
        creates++;
        put(ref, object);
        return object(ref);
    }

    @Override
    public ObjectNode update(ObjectRef ref, ObjectNode object) {
        if (beforeNextUpdate != null) {
            Consumer<InMemoryRouteStore> edit = beforeNextUpdate;
            beforeNextUpdate = null;
            edit.accept(this);
        }
        maybeFail();
        ObjectNode existing = objects.get(ref);
        String sent = object.path("metadata").path("resourceVersion").asText();
        if (existing == null || !existing.path("metadata").path("resourceVersion").asText().equals(sent)) {
            throw new StoreException(StoreException.Kind.CONFLICT, "the object has been modified");
        }
        updates++;
        put(ref, object);
        return object(ref);
    }

    @Override
    public List<ObjectNode> listStamped(RouteKind kind, String namespace, String rolloutLabel) {
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach((ref, o) -> {
            String label = o.path("metadata").path("labels").path(Stamp.ROLLOUT_LABEL).asText(null);
            if (ref.kind() == kind && (namespace == null || namespace.equals(ref.namespace())) && label != null
                    && (rolloutLabel == null || rolloutLabel.equals(label))) {
                out.add(o.deepCopy());
            }
        });
        return out;
    }
}
