package dev.sluice.analysis.provider.graphite;

import dev.sluice.analysis.provider.ProviderDocExamples;
import static dev.sluice.analysis.provider.TestJson.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider against a local server speaking Graphite's render API; every test also checks the request. */
class GraphiteProviderTest {
    private static final GraphiteProvider PROVIDER = new GraphiteProvider();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeHttpServer graphite = new FakeHttpServer();
    private final GraphiteProvider provider = new GraphiteProvider();

    @AfterEach
    void stop() {
        graphite.close();
    }

    @Test
    void rendersTheTargetAsJsonOverTheWindowAndReadsTheLastNonNullValue() {
        graphite.answer(Response.json(200, """
                [{"target":"asPercent(sumSeries(ok.*),sumSeries(all.*))","datapoints":[[97.5,1717000240],[null,1717000300]]}]"""));

        ProviderResult result = measure("asPercent(sumSeries(ok.*),sumSeries(all.*))", Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(97.5), "[97.5]"));
        FakeHttpServer.Request sent = graphite.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/render");
        assertThat(sent.query("target")).isEqualTo("asPercent(sumSeries(ok.*),sumSeries(all.*))");
        assertThat(sent.query("from")).isEqualTo("-5min");
        assertThat(sent.query("until")).isEqualTo("now");
        assertThat(sent.query("format")).isEqualTo("json");
    }

    @Test
    void severalTargetsGiveOneValueEach() {
        graphite.answer(Response.json(200, """
                [{"target":"canary","datapoints":[[1.5,1717000300]]},{"target":"stable","datapoints":[[0.5,1717000300]]}]"""));

        assertThat(measure("target=errors.canary&target=errors.stable&from=-10min", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Value(List.of(1.5, 0.5), "[1.5,0.5]"));
        assertThat(graphite.lastRequest().rawQuery())
                .isEqualTo("target=errors.canary&target=errors.stable&from=-10min&until=now&format=json");
    }

    @Test
    void anEmptyListIsNoData() {
        graphite.answer(Response.json(200, "[]"));

        assertThat(measure("nothing.*", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("Graphite returned no series for the target"));
        assertSent("nothing.*");
    }

    @Test
    void anErrorBodyIsAFailureWithGraphitesWords() {
        graphite.answer(Response.text(400, "Invalid target: unknown function sumSerie", "text/plain"));

        assertThat(measure("sumSerie(a.*)", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("Graphite answered HTTP 400: Invalid target: unknown function sumSerie"));
        assertSent("sumSerie(a.*)");
    }

    @Test
    void aMalformedBodyIsAFailure() {
        graphite.answer(Response.json(200, "{\"target\":\"a\"}"));

        assertThat(measure("a", Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "Graphite answered something that is not a JSON list of series: {\"target\":\"a\"}"));
        assertSent("a");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        graphite.answer(Response.json(200, "[]").delayedBy(Duration.ofSeconds(3)));

        assertThat(measure("a", Duration.ofMillis(300))).isEqualTo(new ProviderResult.Failure(
                "Graphite: no answer from " + graphite.uri() + "/render within 300 ms"));
        assertSent("a");
    }

    @Test
    void validationReportsEveryProblem() {
        assertThat(provider.validate(read("{\"address\":\"graphite:8080\"}"))).containsExactly(
                "address 'graphite:8080' is not a URL such as http://graphite.example.com:8080",
                "query must be a target expression, or render parameters starting with target=");
        assertThat(provider.validate(read("{\"address\":\"http://graphite:8080\",\"query\":\"a.b\"}"))).isEmpty();
    }

    private ProviderResult measure(String query, Duration timeout) {
        JsonNode config = JSON.createObjectNode().put("address", graphite.uri().toString()).put("query", query);
        return provider.measure(new MeasurementRequest("shop", "success-rate", config, Instant.EPOCH, timeout,
                (ns, name, key) -> Optional.empty()));
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSent(String target) {
        FakeHttpServer.Request sent = graphite.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/render");
        assertThat(sent.query("target")).isEqualTo(target);
        assertThat(sent.query("format")).isEqualTo("json");
    }
}
