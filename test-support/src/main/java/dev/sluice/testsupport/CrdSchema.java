package dev.sluice.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CRD's {@code openAPIV3Schema} as a JSON Schema (OpenAPI's schema objects are close to draft 4; {@code nullable}
 * becomes a "null" type). Two readings:
 * <ul>
 * <li>lenient: what the API server rejects (wrong types, enums, required fields);</li>
 * <li>strict: also every field the API server would silently prune because the schema does not declare it (every
 * object with declared properties gets {@code additionalProperties: false}, unless it has
 * {@code x-kubernetes-preserve-unknown-fields}). A pruned field is a typo or a feature that does not exist.</li>
 * </ul>
 */
public final class CrdSchema {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    private CrdSchema() {
    }

    /** The openAPIV3Schema of the CRD's version, if it serves it. */
    public static Optional<JsonNode> openApiSchema(JsonNode crd, String version) {
        for (JsonNode served : crd.at("/spec/versions")) {
            if (served.path("name").asText().equals(version)) {
                return Optional.of(served.at("/schema/openAPIV3Schema"));
            }
        }
        return Optional.empty();
    }

    /** A schema generated from a model still being written: its spec declares at most one field. */
    public static boolean isSkeleton(JsonNode openApiSchema) {
        return openApiSchema.at("/properties/spec/properties").size() <= 1;
    }

    /** Every violation of the schema by the document, as "$.path: message". */
    public static List<String> validate(JsonNode openApiSchema, JsonNode doc, boolean strict) {
        ObjectNode schema = openApiSchema.deepCopy();
        convert(schema, strict);
        if (strict) {
            ObjectNode properties = schema.withObject("/properties");
            properties.putObject("apiVersion").put("type", "string");
            properties.putObject("kind").put("type", "string");
            properties.putObject("metadata").put("type", "object");
        }
        List<String> messages = new ArrayList<>();
        for (ValidationMessage message : FACTORY.getSchema(schema).validate(doc)) {
            messages.add(message.getMessage());
        }
        return messages.stream().sorted().toList();
    }

    private static void convert(JsonNode node, boolean strict) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.path("nullable").asBoolean(false) && schema.has("type")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.get("type")).add("null");
            schema.set("type", types);
        }
        schema.remove("nullable");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean object = schema.path("type").asText().equals("object") || schema.has("properties");
        if (strict && object && !preserve && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(child -> convert(child, strict));
        convert(schema.path("items"), strict);
        convert(schema.path("additionalProperties"), strict);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(combinator).forEach(child -> convert(child, strict));
        }
        convert(schema.path("not"), strict);
    }
}
