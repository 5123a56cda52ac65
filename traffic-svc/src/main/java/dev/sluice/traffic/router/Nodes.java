package dev.sluice.traffic.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers for Kubernetes objects as JSON trees, shared by the routers. */
public final class Nodes {
    public static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** The child object {@code field}, created when missing. */
    public static ObjectNode object(ObjectNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child instanceof ObjectNode o) {
            return o;
        }
        return parent.putObject(field);
    }

    /** The child array {@code field}, or an empty detached array when missing. */
    public static ArrayNode array(JsonNode parent, String field) {
        JsonNode child = parent == null ? null : parent.get(field);
        return child instanceof ArrayNode a ? a : JSON.arrayNode();
    }

    public static List<ObjectNode> objects(JsonNode parent, String field) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode n : array(parent, field)) {
            if (n instanceof ObjectNode o) {
                out.add(o);
            }
        }
        return out;
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static ObjectNode metadata(ObjectNode object) {
        return object(object, "metadata");
    }

    public static ObjectNode spec(ObjectNode object) {
        return object(object, "spec");
    }

    public static Optional<String> annotation(JsonNode object, String key) {
        JsonNode a = object.path("metadata").path("annotations").get(key);
        return a == null || a.isNull() ? Optional.empty() : Optional.of(a.asText());
    }

    public static ObjectNode annotations(ObjectNode object) {
        return object(metadata(object), "annotations");
    }

    /** The names Sluice recorded as added by it, from a comma-separated annotation. */
    public static List<String> managedNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        annotation(object, Stamp.MANAGED_ROUTES).filter(v -> !v.isBlank()).ifPresent(v -> names.addAll(List.of(v.split(","))));
        return names;
    }

    public static void setManagedNames(ObjectNode object, List<String> names) {
        if (names.isEmpty()) {
            JsonNode a = object.path("metadata").path("annotations");
            if (a instanceof ObjectNode o) {
                o.remove(Stamp.MANAGED_ROUTES);
            }
        } else {
            annotations(object).put(Stamp.MANAGED_ROUTES, String.join(",", names));
        }
    }

    /** Percent of traffic {@code canary} gets of {@code stable + canary}, rounded; 0 when both are 0. */
    public static int percent(long stable, long canary) {
        long total = stable + canary;
        return total <= 0 ? 0 : (int) Math.round(100.0 * canary / total);
    }

    /** A regular expression matching values that start with {@code prefix}. */
    public static String prefixRegex(String prefix) {
        return "^" + escapeRegex(prefix) + ".*";
    }

    /** {@code text} with every regular-expression metacharacter escaped (RE2 and PCRE alike). */
    public static String escapeRegex(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
    }

    /** Removes {@code path} under {@code parent} from the deepest level up while each object on it is empty. */
    public static void removeEmpty(ObjectNode parent, String... path) {
        if (path.length == 0 || !(parent.get(path[0]) instanceof ObjectNode child)) {
            return;
        }
        removeEmpty(child, java.util.Arrays.copyOfRange(path, 1, path.length));
        if (child.isEmpty()) {
            parent.remove(path[0]);
        }
    }

    /** Removes the routes Sluice recorded as added (by {@code name}) from the array {@code field} of the spec, and the record. */
    public static void removeManaged(ObjectNode object, String field) {
        List<String> managed = managedNames(object);
        if (spec(object).get(field) instanceof ArrayNode routes) {
            for (int i = routes.size() - 1; i >= 0; i--) {
                if (managed.contains(text(routes.get(i), "name"))) {
                    routes.remove(i);
                }
            }
        }
        setManagedNames(object, List.of());
    }
}
