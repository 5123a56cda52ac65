package dev.sluice.traffic.shift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import java.util.List;
import java.util.Optional;

/**
 * Where route objects live: the Kubernetes API in production ({@code KubernetesRouteStore}), a map in unit
 * tests. Objects are JSON trees carrying {@code metadata.resourceVersion}; failures are {@link StoreException}s.
 */
public interface RouteStore {

    Optional<ObjectNode> get(ObjectRef ref);

    ObjectNode create(ObjectRef ref, ObjectNode object);

    /** Replaces the object if its {@code metadata.resourceVersion} is still current, else a CONFLICT. */
    ObjectNode update(ObjectRef ref, ObjectNode object);

    /**
     * Objects of {@code kind} carrying Sluice's rollout label: in {@code namespace} (every namespace when null),
     * for the rollout whose label value is {@code rolloutLabel} (any rollout when null).
     */
    List<ObjectNode> listStamped(RouteKind kind, String namespace, String rolloutLabel);
}
