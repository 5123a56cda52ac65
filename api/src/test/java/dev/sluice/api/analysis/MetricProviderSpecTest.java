package dev.sluice.api.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A provider block reads and writes back as written, whether or not it has a field of its own (a new provider). */
class MetricProviderSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> blocks() {
        return Stream.of(
                Arguments.of("a provider with a field of its own", "{\"prometheus\":{\"query\":\"up\"}}", List.of("prometheus")),
                Arguments.of("a provider added later, without a field here", "{\"acme\":{\"query\":\"up\",\"n\":2}}", List.of("acme")),
                Arguments.of("both (the run reports two providers)", "{\"web\":{\"url\":\"http://x\"},\"acme\":{}}", List.of("web", "acme")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void readsAndWritesBack(String behaviour, String json, List<String> configured) throws Exception {
        MetricProviderSpec spec = JSON.readValue(json, MetricProviderSpec.class);

        assertThat(spec.configured().keySet()).containsExactlyElementsOf(configured);
        assertThat(JSON.readTree(JSON.writeValueAsString(spec))).isEqualTo(JSON.readTree(json));
    }
}
