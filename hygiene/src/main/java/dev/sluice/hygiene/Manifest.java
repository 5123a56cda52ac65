package dev.sluice.hygiene;

import com.fasterxml.jackson.databind.JsonNode;

/** A Kubernetes object as read (a Jackson tree) and where it came from: a file, {@code -} for stdin, or the cluster. */
public record Manifest(String file, JsonNode object) {

    public String kind() {
        return object.path("kind").asText("");
    }

    public String apiVersion() {
        return object.path("apiVersion").asText("");
    }

    public String name() {
        return object.path("metadata").path("name").asText("");
    }

    /** The namespace, empty when the manifest leaves it to the one it is applied in. */
    public String namespace() {
        return object.path("metadata").path("namespace").asText("");
    }

    public String annotation(String key) {
        JsonNode value = object.path("metadata").path("annotations").path(key);
        return value.isTextual() ? value.asText() : null;
    }

    /** {@code Deployment shop/web}, or {@code Deployment web} without a namespace. */
    public String describe() {
        return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }

    /** Whether two objects live in the same namespace (an unset namespace matches only an unset one). */
    public boolean sameNamespace(Manifest other) {
        return namespace().equals(other.namespace());
    }
}
