package dev.sluice.traffic.router;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One route object: its kind, namespace and name. */
public record ObjectRef(RouteKind kind, String namespace, String name) {

    /** The reference of an object as read from the API server. */
    public static ObjectRef of(RouteKind kind, ObjectNode object) {
        return new ObjectRef(kind, Nodes.text(Nodes.metadata(object), "namespace"), Nodes.text(Nodes.metadata(object), "name"));
    }

    /** {@code Kind namespace/name}, the way every message names an object. */
    @Override
    public String toString() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}
