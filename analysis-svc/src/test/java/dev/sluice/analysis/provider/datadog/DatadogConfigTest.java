package dev.sluice.analysis.provider.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatadogConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("accepts a v1 query", "{\"query\":\"avg:x{*}\"}", List.of()),
                Arguments.of("accepts v2 queries with a formula", """
                        {"apiVersion":"v2","queries":{"a":"sum:e{*}","b":"sum:r{*}"},"formula":"a/b","aggregator":"sum","interval":"10m"}""",
                        List.of()),
                Arguments.of("accepts one v2 query without a formula", "{\"apiVersion\":\"v2\",\"queries\":{\"a\":\"sum:e{*}\"}}",
                        List.of()),
                Arguments.of("needs a query", "{}", List.of("set query (or queries with a formula, apiVersion v2)")),
                Arguments.of("refuses query and queries together", "{\"apiVersion\":\"v2\",\"query\":\"q\",\"queries\":{\"a\":\"q\"}}",
                        List.of("set either query or queries, not both")),
                Arguments.of("refuses several queries without a formula", "{\"apiVersion\":\"v2\",\"queries\":{\"a\":\"q\",\"b\":\"r\"}}",
                        List.of("several queries need a formula that combines them (one query without a formula only)")),
                Arguments.of("refuses queries and formula on v1", "{\"queries\":{\"a\":\"q\"},\"formula\":\"a*2\"}",
                        List.of("queries and formula need apiVersion v2")),
                Arguments.of("refuses a formula without queries", "{\"apiVersion\":\"v2\",\"query\":\"q\",\"formula\":\"a*2\"}",
                        List.of("formula needs queries to refer to")),
                Arguments.of("reports every problem at once", """
                        {"apiVersion":"v3","query":"","aggregator":"median","interval":"5 minutes","secretRef":"dd"}""",
                        List.of("apiVersion must be v1 or v2, not 'v3'", "query must be a non-empty string",
                                "aggregator must be one of area, avg, l2norm, last, max, mean, min, percentile, sum, not 'median'",
                                "interval must be a duration such as 30s, 5m or 1h, not '5 minutes'",
                                "secretRef must name a Secret: secretRef: {name: my-datadog}")),
                Arguments.of("says aggregator is for v2", "{\"query\":\"q\",\"aggregator\":\"sum\"}",
                        List.of("aggregator applies to apiVersion v2 only")),
                Arguments.of("refuses a block that is not an object", "\"avg:x{*}\"",
                        List.of("the datadog provider needs an object with at least a query")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void problems(String name, String json, List<String> expected) throws Exception {
        assertThat(DatadogConfig.problems(JSON.readTree(json))).containsExactlyElementsOf(expected);
    }

    @Test
    void defaultsAreArgosV1FiveMinutesLastAndTheDatadogSecret() throws Exception {
        DatadogConfig config = DatadogConfig.from(JSON.readTree("{\"query\":\" avg:x{*} \"}"));
        assertThat(config).isEqualTo(new DatadogConfig("v1", Map.of("query", "avg:x{*}"), Optional.empty(), "last",
                Duration.ofMinutes(5), "datadog"));
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("30s", Optional.of(Duration.ofSeconds(30))),
                Arguments.of("1h30m", Optional.of(Duration.ofMinutes(90))),
                Arguments.of("500ms", Optional.of(Duration.ofMillis(500))),
                Arguments.of("1d", Optional.of(Duration.ofDays(1))),
                Arguments.of("0s", Optional.empty()),
                Arguments.of("5", Optional.empty()),
                Arguments.of("m5", Optional.empty()),
                Arguments.of("", Optional.empty()));
    }

    @ParameterizedTest(name = "duration {0}")
    @MethodSource
    void durations(String text, Optional<Duration> expected) {
        assertThat(ProviderValues.positiveDuration(text)).isEqualTo(expected);
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("uses datadoghq.com without address or site", Optional.empty(), Optional.empty(),
                        "https://api.datadoghq.com"),
                Arguments.of("turns a site into its API host", Optional.empty(), Optional.of("datadoghq.eu"),
                        "https://api.datadoghq.eu"),
                Arguments.of("accepts a site written as a host", Optional.empty(), Optional.of("https://api.us5.datadoghq.com"),
                        "https://api.us5.datadoghq.com"),
                Arguments.of("prefers the address", Optional.of("https://dd-proxy.corp"), Optional.of("datadoghq.eu"),
                        "https://dd-proxy.corp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void addresses(String name, Optional<String> address, Optional<String> site, String expected) {
        assertThat(DatadogProvider.address(address, site)).isEqualTo(expected);
    }
}
