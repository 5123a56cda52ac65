package dev.sluice.analysis.provider.wavefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.ProviderResult;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavefrontResponsesTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_717_000_290L);

    static Stream<Arguments> parse() {
        return Stream.of(
                Arguments.of("takes the point nearest to now of the only series", 200, """
                        {"name":"q","query":"sum(rate(ts(req)))","granularity":60,"warnings":"",
                         "timeseries":[{"label":"istio.requestcount.count","host":"web","tags":{"track":"canary"},
                                        "data":[[1717000180,0.96],[1717000300,0.98],[1717000240,0.97]]}],"stats":{"keys":3}}""",
                        new ProviderResult.Value(0.98, "0.98")),
                Arguments.of("gives one value per series as a vector", 200, """
                        {"timeseries":[{"label":"a","data":[[1717000290,0.5]]},{"label":"b","data":[[1717000280,0.25]]},
                                       {"label":"c","data":[]}]}""",
                        new ProviderResult.Value(List.of(0.5, 0.25, Double.NaN), "[0.5,0.25,NaN]")),
                Arguments.of("is no data without timeseries", 200, """
                        {"name":"q","query":"ts(nothing)","granularity":1,"warnings":"No metrics matching: [nothing]"}""",
                        new ProviderResult.NoData("Wavefront returned no series for the query (warnings: No metrics matching: [nothing])")),
                Arguments.of("is no data with an empty timeseries list", 200, """
                        {"timeseries":[],"warnings":""}""",
                        new ProviderResult.NoData("Wavefront returned no series for the query")),
                Arguments.of("is no data when no series has a point", 200, """
                        {"timeseries":[{"label":"a","data":[]}]}""",
                        new ProviderResult.NoData("Wavefront returned series without points for the query")),
                Arguments.of("is a failure with the status message of a 400", 400, """
                        {"status":{"result":"ERROR","message":"Query syntax error: Missing expression argument.","code":400}}""",
                        new ProviderResult.Failure("Wavefront answered HTTP 400: Query syntax error: Missing expression argument.")),
                Arguments.of("is a failure with the errorMessage of a 400", 400, """
                        {"errorType":"ERROR","errorMessage":"Unknown function: rte"}""",
                        new ProviderResult.Failure("Wavefront answered HTTP 400: Unknown function: rte")),
                Arguments.of("says the token was refused on a 401", 401, """
                        {"status":{"result":"ERROR","message":"Unauthorized","code":401}}""",
                        new ProviderResult.Failure("Wavefront answered HTTP 401 (check the API token): Unauthorized")),
                Arguments.of("says a 429 is a rate limit", 429, "Too many requests",
                        new ProviderResult.Failure("Wavefront answered HTTP 429 (rate limited): Too many requests")),
                Arguments.of("is a failure on a malformed body", 200, "[[1717000290,0.5]",
                        new ProviderResult.Failure("Wavefront answered something that is not a JSON object: [[1717000290,0.5]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parse(String name, int status, String body, ProviderResult expected) {
        assertThat(WavefrontResponses.parse(status, body, NOW)).isEqualTo(expected);
    }
}
