package dev.sluice.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The committed JSON Schema of every event type ({@code schemas/<ce type>.json} on the classpath), used to
 * check incoming data. Validation reports every problem, not the first.
 */
public final class EventSchemas {
    private EventSchemas() {
    }

    public static String resourceName(EventType type) {
        return "schemas/" + type.ceType() + ".json";
    }

    /** Every violation of the type's schema, as {@code $.field: message}; empty when the data is valid. */
    public static List<String> validate(EventType type, JsonNode data) {
        List<String> outOfRange = new java.util.ArrayList<>();
        nonFinite(data, "$", outOfRange);
        if (!outOfRange.isEmpty()) {
            return outOfRange; // the schema validator throws on an infinite number, so it is not asked
        }
        return Loaded.SCHEMAS.get(type).validate(data).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /** Numbers read as an infinite or NaN double (e.g. {@code 1E+9999}), as {@code $.field: message}. */
    private static void nonFinite(JsonNode node, String path, List<String> out) {
        if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            out.add(path + ": number is out of range");
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> nonFinite(f.getValue(), path + "." + f.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFinite(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** Loaded on first validation, so the schema generator can run before any schema file exists. */
    private static final class Loaded {
        static final Map<EventType, JsonSchema> SCHEMAS = load();
    }

    private static Map<EventType, JsonSchema> load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            String name = resourceName(type);
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + name + ": run EventSchemaDriftTest with -Dsluice.regenerate=true");
                }
                schemas.put(type, factory.getSchema(Json.mapper().readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }
}
