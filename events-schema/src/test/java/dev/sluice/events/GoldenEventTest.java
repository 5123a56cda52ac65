package dev.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One golden JSON sample per event type ({@code src/test/resources/golden/<ce type>.json}): it validates
 * against the committed schema, binds to the record, and the record writes exactly the same JSON back.
 * A change to what crosses the wire is a visible diff in review. Regenerate with -Dsluice.regenerate=true.
 */
class GoldenEventTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper PRETTY = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void golden_sample_round_trips_through_the_codec(EventType type) throws IOException {
        Path file = GOLDEN.resolve(type.ceType() + ".json");
        if (EventSchemaDriftTest.REGENERATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, PRETTY.writeValueAsString(EventSamples.of(type)) + "\n");
        }
        byte[] golden = Files.readAllBytes(file);

        Decoded decoded = EventCodec.decode(binaryHeaders(type), golden);

        assertThat(decoded).isInstanceOf(Decoded.Event.class);
        Decoded.Event event = (Decoded.Event) decoded;
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.data()).isEqualTo(EventSamples.of(type));
        JsonNode written = Json.mapper().readTree(EventCodec.encode(type, event.data(), "/sluice/test").value());
        assertThat(written).isEqualTo(Json.mapper().readTree(golden));
    }

    private static Map<String, String> binaryHeaders(EventType type) {
        return Map.of("ce_specversion", "1.0", "ce_id", "golden-1", "ce_source", "/sluice/test",
                "ce_type", type.ceType(), "ce_subject", EventSamples.ID, "content-type", "application/json");
    }
}
