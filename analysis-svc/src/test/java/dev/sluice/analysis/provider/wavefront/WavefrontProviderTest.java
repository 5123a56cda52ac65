package dev.sluice.analysis.provider.wavefront;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider against a local server speaking Wavefront's chart API; every test also checks the request. */
class WavefrontProviderTest {
    private static final WavefrontProvider PROVIDER = new WavefrontProvider();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochMilli(1_717_000_290_123L);
    private static final String TOKEN = "wf-token-0123456789";
    private static final String QUERY = "sum(rate(5m, ts(\"istio.requestcount.count\", response_code!=500)))";

    private final FakeHttpServer wavefront = new FakeHttpServer();
    private final Map<String, String> tokens = new HashMap<>(Map.of("127.0.0.1", TOKEN));
    private final WavefrontProvider provider = new WavefrontProvider();

    @AfterEach
    void stop() {
        wavefront.close();
    }

    @Test
    void queriesAtNowWithTheBearerTokenOfTheAddressAndReadsTheNearestPoint() {
        wavefront.answer(Response.json(200, """
                {"name":"q","query":"q","granularity":1,"warnings":"",
                 "timeseries":[{"label":"istio.requestcount.count","data":[[1717000200,0.9],[1717000290,0.98]]}]}"""));

        ProviderResult result = measure(Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(0.98, "0.98"));
        FakeHttpServer.Request sent = wavefront.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v2/chart/api");
        assertThat(sent.query("q")).isEqualTo(QUERY);
        assertThat(sent.query("s")).isEqualTo("1717000290123");
        assertThat(sent.query("g")).isEqualTo("s");
        assertThat(sent.query("p")).isEqualTo("1");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void severalSeriesGiveAVector() {
        wavefront.answer(Response.json(200, """
                {"timeseries":[{"label":"a","tags":{"track":"canary"},"data":[[1717000290,0.9]]},
                               {"label":"a","tags":{"track":"stable"},"data":[[1717000290,0.99]]}]}"""));

        assertThat(measure(Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Value(List.of(0.9, 0.99), "[0.9,0.99]"));
        assertSent();
    }

    @Test
    void noSeriesIsNoData() {
        wavefront.answer(Response.json(200, "{\"name\":\"q\",\"query\":\"q\",\"warnings\":\"No metrics matching\"}"));

        assertThat(measure(Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("Wavefront returned no series for the query (warnings: No metrics matching)"));
        assertSent();
    }

    @Test
    void anErrorBodyIsAFailureWithWavefrontsWords() {
        wavefront.answer(Response.json(400, "{\"status\":{\"result\":\"ERROR\",\"message\":\"Query syntax error\",\"code\":400}}"));

        assertThat(measure(Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("Wavefront answered HTTP 400: Query syntax error"));
        assertSent();
    }

    @Test
    void aMalformedBodyIsAFailure() {
        wavefront.answer(Response.json(200, "{\"timeseries\":[{\"data\":[[1,"));

        assertThat(measure(Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "Wavefront answered something that is not a JSON object: {\"timeseries\":[{\"data\":[[1,"));
        assertSent();
    }

    @Test
    void aRateLimitIsAFailureThatSaysSo() {
        wavefront.answer(Response.text(429, "Too Many Requests", "text/plain"));

        assertThat(measure(Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("Wavefront answered HTTP 429 (rate limited): Too Many Requests"));
        assertSent();
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        wavefront.answer(Response.json(200, "{}").delayedBy(Duration.ofSeconds(3)));

        assertThat(measure(Duration.ofMillis(300))).isEqualTo(new ProviderResult.Failure(
                "Wavefront: no answer from " + wavefront.uri() + "/api/v2/chart/api within 300 ms"));
        assertSent();
    }

    @Test
    void aMissingTokenIsAFailureNamingTheSecretAndKey() {
        tokens.clear();

        assertThat(measure(Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "Secret shop/wavefront-api-tokens has no token under the key 127.0.0.1"));
        assertThat(wavefront.requests()).isEmpty();
    }

    @Test
    void aBareHostAddressMeansHttpsAndItsTokenKeyIsTheHost() {
        WavefrontConfig config = WavefrontConfig.from(read("{\"address\":\"example.wavefront.com\",\"query\":\"ts(x)\"}"));

        assertThat(config.base()).hasToString("https://example.wavefront.com");
        assertThat(config.host()).isEqualTo("example.wavefront.com");
        assertThat(provider.validate(read("{\"address\":\"\"}"))).containsExactly(
                "address must name the Wavefront cluster, e.g. example.wavefront.com",
                "query must be a Wavefront ts() expression");
    }

    private ProviderResult measure(Duration timeout) {
        String config = JSON.createObjectNode().put("address", wavefront.uri().toString()).put("query", QUERY).toString();
        return provider.measure(new MeasurementRequest("shop", "success-rate", read(config), NOW, timeout,
                (ns, name, key) -> ns.equals("shop") && name.equals("wavefront-api-tokens")
                        ? Optional.ofNullable(tokens.get(key)) : Optional.empty()));
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSent() {
        FakeHttpServer.Request sent = wavefront.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v2/chart/api");
        assertThat(sent.query("q")).isEqualTo(QUERY);
        assertThat(sent.query("s")).isEqualTo("1717000290123");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
