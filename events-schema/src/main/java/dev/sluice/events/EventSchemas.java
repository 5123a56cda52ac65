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
        return Loaded.SCHEMAS.get(type).validate(data).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
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
