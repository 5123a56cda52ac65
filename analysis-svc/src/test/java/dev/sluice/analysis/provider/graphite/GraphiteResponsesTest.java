package dev.sluice.analysis.provider.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphiteResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> parse() {
        return Stream.of(
                Arguments.of("takes the last non-null value of the only target, value first in each pair", 200, """
                        [{"target":"asPercent(sumSeries(ok.*),sumSeries(all.*))","tags":{"name":"x"},
                          "datapoints":[[96.0,1717000180],[97.5,1717000240],[null,1717000300]]}]""",
                        new ProviderResult.Value(List.of(97.5), "[97.5]")),
                Arguments.of("gives one value per target", 200, """
                        [{"target":"a","datapoints":[[1,1717000240],[2,1717000300]]},
                         {"target":"b","datapoints":[[null,1717000240],[null,1717000300]]},
                         {"target":"c","datapoints":[["3.5","1717000300"]]}]""",
                        new ProviderResult.Value(List.of(2.0, Double.NaN, 3.5), "[2,NaN,3.5]")),
                Arguments.of("is no data for an empty list", 200, "[]",
                        new ProviderResult.NoData("Graphite returned no series for the target")),
                Arguments.of("is no data when every datapoint is null", 200, """
                        [{"target":"a","datapoints":[[null,1717000240],[null,1717000300]]}]""",
                        new ProviderResult.NoData("Graphite returned only null datapoints in the window")),
                Arguments.of("quotes the HTML of a 400", 400, """
                        <html><body><h1>Bad Request</h1><p>Invalid function 'sumSerie'</p></body></html>""",
                        new ProviderResult.Failure("Graphite answered HTTP 400: <html><body><h1>Bad Request</h1>"
                                + "<p>Invalid function 'sumSerie'</p></body></html>")),
                Arguments.of("quotes the text of a 500", 500, "Internal Server Error\nTraceback...",
                        new ProviderResult.Failure("Graphite answered HTTP 500: Internal Server Error Traceback...")),
                Arguments.of("is a failure on a malformed body", 200, "[{\"target\":\"a\",\"datapoints\":[[1,",
                        new ProviderResult.Failure("Graphite answered something that is not a JSON list of series: "
                                + "[{\"target\":\"a\",\"datapoints\":[[1,")),
                Arguments.of("is a failure when a series has no datapoints", 200, "[{\"target\":\"a\"}]",
                        new ProviderResult.Failure("Graphite series a has no datapoints list")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parse(String name, int status, String body, ProviderResult expected) {
        assertThat(GraphiteResponses.parse(status, body)).isEqualTo(expected);
    }

    static Stream<Arguments> renderParameters() {
        return Stream.of(
                Arguments.of("sends a bare expression as the target over the last five minutes", "sumSeries(a.*)",
                        "target=sumSeries%28a.*%29&from=-5min&until=now&format=json"),
                Arguments.of("reads Argo's target= form and collapses whitespace", """
                        target=summarize(
                          asPercent(sumSeries(ok.*), sumSeries(all.*)),
                          '5min', 'avg')""",
                        "target=summarize%28+asPercent%28sumSeries%28ok.*%29%2C+sumSeries%28all.*%29%29%2C+%275min%27%2C+%27avg%27%29"
                                + "&from=-5min&until=now&format=json"),
                Arguments.of("keeps repeated targets and the query's own window", "target=a.b&target=c.d&from=-10min&until=-1min",
                        "target=a.b&target=c.d&from=-10min&until=-1min&format=json"),
                Arguments.of("always asks for JSON", "target=a.b&format=csv", "target=a.b&from=-5min&until=now&format=json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void renderParameters(String name, String query, String expected) throws Exception {
        GraphiteConfig config = GraphiteConfig.from(JSON.createObjectNode().put("address", "http://graphite:8080")
                .put("query", query));
        assertThat(config.renderParameters()).isEqualTo(expected);
    }
}
