package dev.sluice.traffic.router;

/** One route object: its kind, namespace and name. */
public record ObjectRef(RouteKind kind, String namespace, String name) {

    /** {@code Kind namespace/name}, the way every message names an object. */
    @Override
    public String toString() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}
