package dev.sluice.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads manifests into fabric8's typed model and finds the fields that model does not know. fabric8 never fails on
 * an unknown field: it keeps it in the object's {@code additionalProperties} (a field of the wrong type lands there
 * too). So "unknown fields rejected" means: after parsing, every {@code additionalProperties} in the object tree must
 * be empty. Kinds fabric8 has no class for (Strimzi's, Istio's, Sluice's own) come back as
 * {@link GenericKubernetesResource}: those are checked structurally here and, for Sluice's kinds, against the CRD
 * schema elsewhere.
 */
final class TypedModel {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper INTROSPECTION = new ObjectMapper();

    private TypedModel() {
    }

    /** The document as fabric8's class for its apiVersion and kind, or a generic resource. */
    static KubernetesResource parse(JsonNode doc) {
        return SERIALIZATION.convertValue(doc, KubernetesResource.class);
    }

    /**
     * Every reason the document is not a valid object of its kind: fields the typed model does not know, a value of
     * the wrong shape, or, for kinds without a model class, a missing apiVersion, kind or name.
     */
    static List<String> problems(JsonNode doc) {
        KubernetesResource resource;
        try {
            resource = parse(doc);
        } catch (IllegalArgumentException e) {
            return List.of("does not fit the " + doc.path("kind").asText() + " model: " + e.getMessage().strip().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>(structuralProblems(doc));
        unknownFields(resource).forEach(field -> problems.add("unknown field " + field));
        return problems;
    }

    static boolean isTyped(KubernetesResource resource) {
        return !(resource instanceof GenericKubernetesResource);
    }

    /** Every field path the typed model did not recognise, e.g. {@code spec.template.spec.containers[0].readyness}. */
    static List<String> unknownFields(Object typed) {
        List<String> found = new ArrayList<>();
        walk(typed, "", found);
        return found;
    }

    /** What a generic resource must have to be applied at all: apiVersion, kind, metadata.name. */
    static List<String> structuralProblems(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (!doc.path("apiVersion").asText().matches("([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?")) {
            problems.add("apiVersion '" + doc.path("apiVersion").asText() + "' is not group/version");
        }
        if (!doc.path("kind").asText().matches("[A-Z][A-Za-z0-9]*")) {
            problems.add("kind '" + doc.path("kind").asText() + "' is not a Kind");
        }
        if (!doc.path("metadata").path("name").asText().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            problems.add("metadata.name '" + doc.path("metadata").path("name").asText() + "' is not a DNS name");
        }
        return problems;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof GenericKubernetesResource || value instanceof AnyType
                || value instanceof IntOrString || value instanceof Quantity) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        BeanDescription bean = INTROSPECTION.getSerializationConfig()
                .introspect(INTROSPECTION.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember getter = property.getAccessor();
            if (getter != null) {
                walk(getter.getValue(value), join(path, property.getName()), found);
            }
        }
        AnnotatedMember anyGetter = bean.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> extra) {
            extra.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
