package dev.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed JSON Schemas under {@code src/main/resources/schemas/} are generated from the records. This
 * test regenerates them and fails when the committed copy drifts. To regenerate after changing a record:
 * {@code ./mvnw -pl events-schema test -Dtest=EventSchemaDriftTest -Dsluice.regenerate=true}.
 */
class EventSchemaDriftTest {
    static final Path SCHEMAS = Path.of("src/main/resources");
    static final boolean REGENERATE = Boolean.getBoolean("sluice.regenerate");
    private static final ObjectMapper MAPPER = Json.mapper().copy().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    static JsonNode generate(EventType type) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED))
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES, Option.DEFINITIONS_FOR_ALL_OBJECTS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // a primitive that is missing would silently read as 0 or false, so primitives are required
        config.forFields().withRequiredCheck(field -> field.getType().getErasedType().isPrimitive());
        config.forTypesInGeneral().withStringFormatResolver(scope ->
                scope.getType().getErasedType() == Instant.class ? "date-time" : null);
        config.forTypesInGeneral().withAdditionalPropertiesResolver(scope -> null);
        JsonNode generated = new SchemaGenerator(config.build()).generateSchema(type.dataClass());
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("$comment", "Generated from " + type.dataClass().getName()
                + " by EventSchemaDriftTest - do not edit; regenerate with -Dsluice.regenerate=true");
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://sluice.dev/schemas/" + type.ceType() + ".json");
        schema.put("title", type.ceType());
        schema.setAll((ObjectNode) generated);
        return schema;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void committed_schema_matches_the_record(EventType type) throws IOException {
        Path file = SCHEMAS.resolve(EventSchemas.resourceName(type));
        String expected = MAPPER.writeValueAsString(generate(type)) + "\n";
        if (REGENERATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
        }
        assertThat(file).as("schema of %s; regenerate with -Dsluice.regenerate=true", type.ceType()).exists();
        assertThat(Files.readString(file))
                .as("%s drifted from %s; regenerate with -Dsluice.regenerate=true", file, type.dataClass().getSimpleName())
                .isEqualTo(expected);
    }
}
