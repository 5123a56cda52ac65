package dev.sluice.analysis.provider.datadog;

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

/** The provider against a local server speaking Datadog's API; every test also checks the request it sent. */
class DatadogProviderTest {
    private static final DatadogProvider PROVIDER = new DatadogProvider();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(1_717_000_300L);
    private static final String API_KEY = "dd-api-0123456789";
    private static final String APP_KEY = "dd-app-9876543210";

    private final FakeHttpServer datadog = new FakeHttpServer();
    private final Map<String, String> secret = new HashMap<>(Map.of("api-key", API_KEY, "app-key", APP_KEY,
            "address", datadog.uri().toString()));
    private final DatadogProvider provider = new DatadogProvider();

    @AfterEach
    void stop() {
        datadog.close();
    }

    @Test
    void v1ReadsTheLastPointAndSendsTheQueryWindowInSecondsWithBothKeys() {
        datadog.answer(Response.json(200, """
                {"status":"ok","res_type":"time_series","series":[{"metric":"requests.error.rate",
                 "pointlist":[[1717000240000,0.011],[1717000300000,null]]}]}"""));

        ProviderResult result = measure("{\"query\":\"sum:requests.error.rate{service:web}\",\"interval\":\"10m\"}");

        assertThat(result).isEqualTo(new ProviderResult.Value(0.011, "0.011"));
        FakeHttpServer.Request sent = datadog.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v1/query");
        assertThat(sent.query("query")).isEqualTo("sum:requests.error.rate{service:web}");
        assertThat(sent.query("from")).isEqualTo("1716999700");
        assertThat(sent.query("to")).isEqualTo("1717000300");
        assertThat(sent.header("DD-API-KEY")).isEqualTo(API_KEY);
        assertThat(sent.header("DD-APPLICATION-KEY")).isEqualTo(APP_KEY);
    }

    @Test
    void v1GivesAVectorForAGroupedQuery() {
        datadog.answer(Response.json(200, """
                {"status":"ok","series":[{"scope":"track:canary","pointlist":[[1717000300000,0.5]]},
                                          {"scope":"track:stable","pointlist":[[1717000300000,0.25]]}]}"""));

        assertThat(measure("{\"query\":\"sum:errors{*} by {track}\"}"))
                .isEqualTo(new ProviderResult.Value(List.of(0.5, 0.25), "[0.5,0.25]"));
        assertThat(datadog.lastRequest().query("from")).isEqualTo("1717000000");
        assertSentV1("sum:errors{*} by {track}");
    }

    @Test
    void v2PostsTheScalarQueryWithFormulaAggregatorAndMillisecondWindow() throws Exception {
        datadog.answer(Response.json(200, """
                {"data":{"type":"scalar_response","attributes":{"columns":[
                  {"name":"a / b","type":"number","values":[0.0125],"meta":{"unit":null}}]}}}"""));

        ProviderResult result = measure("""
                {"apiVersion":"v2","interval":"5m","aggregator":"sum","formula":"a / b",
                 "queries":{"a":"sum:req.errors{service:web}.as_count()","b":"sum:req{service:web}.as_count()"}}""");

        assertThat(result).isEqualTo(new ProviderResult.Value(0.0125, "0.0125"));
        FakeHttpServer.Request sent = datadog.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v2/query/scalar");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("DD-API-KEY")).isEqualTo(API_KEY);
        assertThat(sent.header("DD-APPLICATION-KEY")).isEqualTo(APP_KEY);
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree("""
                {"data":{"type":"scalar_request","attributes":{"from":1717000000000,"to":1717000300000,
                  "queries":[{"data_source":"metrics","name":"a","query":"sum:req.errors{service:web}.as_count()","aggregator":"sum"},
                             {"data_source":"metrics","name":"b","query":"sum:req{service:web}.as_count()","aggregator":"sum"}],
                  "formulas":[{"formula":"a / b"}]}}}"""));
    }

    @Test
    void v2SendsASingleQueryWithArgosDefaultAggregatorLastAndNoFormula() throws Exception {
        datadog.answer(Response.json(200, """
                {"data":{"type":"scalar_response","attributes":{"columns":[
                  {"name":"resource_name","type":"group","values":[["GET /a"],["GET /b"]]},
                  {"name":"query","type":"number","values":[0.01,0.03]}]}}}"""));

        ProviderResult result = measure("{\"apiVersion\":\"v2\",\"query\":\"avg:latency{*} by {resource_name}\"}");

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(0.01, 0.03), "[0.01,0.03]"));
        JsonNode attributes = JSON.readTree(datadog.lastRequest().body()).path("data").path("attributes");
        assertThat(attributes.path("queries")).isEqualTo(JSON.readTree("""
                [{"data_source":"metrics","name":"query","query":"avg:latency{*} by {resource_name}","aggregator":"last"}]"""));
        assertThat(attributes.has("formulas")).isFalse();
    }

    @Test
    void anEmptyAnswerIsNoData() {
        datadog.answer(Response.json(200, "{\"status\":\"ok\",\"series\":[]}"));

        assertThat(measure("{\"query\":\"sum:nothing{*}\"}"))
                .isEqualTo(new ProviderResult.NoData("Datadog returned no series for the query"));
        assertSentV1("sum:nothing{*}");
    }

    @Test
    void anErrorBodyIsAFailureWithDatadogsWords() {
        datadog.answer(Response.json(400, "{\"errors\":[\"Error parsing query: sum:x{\"]}"));

        assertThat(measure("{\"apiVersion\":\"v2\",\"query\":\"sum:x{\"}"))
                .isEqualTo(new ProviderResult.Failure("Datadog answered HTTP 400: Error parsing query: sum:x{"));
        assertSentV2("sum:x{");
    }

    @Test
    void aMalformedBodyIsAFailure() {
        datadog.answer(Response.json(200, "{\"series\": [ {\"pointlist\": "));

        assertThat(measure("{\"query\":\"q\"}")).isEqualTo(new ProviderResult.Failure(
                "Datadog answered something that is not a JSON object: {\"series\": [ {\"pointlist\":"));
        assertSentV1("q");
    }

    @Test
    void aRateLimitIsAFailureThatSaysSo() {
        datadog.answer(Response.json(429, "{\"errors\":[\"Rate limit of 300 requests in 3600 seconds reached\"]}"));

        assertThat(measure("{\"apiVersion\":\"v2\",\"query\":\"q\"}")).isEqualTo(new ProviderResult.Failure(
                "Datadog rate limit reached (HTTP 429), the query was not run: Rate limit of 300 requests in 3600 seconds reached"));
        assertSentV2("q");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        datadog.answer(Response.json(200, "{\"status\":\"ok\",\"series\":[]}").delayedBy(Duration.ofSeconds(3)));

        ProviderResult result = provider.measure(request("{\"query\":\"q\"}", Duration.ofMillis(300)));

        assertThat(result).isEqualTo(new ProviderResult.Failure(
                "Datadog: no answer from " + datadog.uri() + "/api/v1/query within 300 ms"));
        assertSentV1("q");
    }

    @Test
    void missingKeysAreAFailureThatNamesTheSecretButNoValue() {
        secret.remove("app-key");

        ProviderResult result = measure("{\"query\":\"q\"}");

        assertThat(result).isEqualTo(new ProviderResult.Failure("Secret shop/datadog needs the keys api-key and app-key"));
        assertThat(datadog.requests()).isEmpty();
    }

    @Test
    void secretRefNamesAnotherSecret() {
        datadog.answer(Response.json(200, "{\"status\":\"ok\",\"series\":[{\"pointlist\":[[1,2.5]]}]}"));
        Map<String, Map<String, String>> secrets = Map.of("dd-eu", secret);
        MeasurementRequest request = new MeasurementRequest("shop", "error-rate",
                read("{\"query\":\"q\",\"secretRef\":{\"name\":\"dd-eu\"}}"), NOW, Duration.ofSeconds(5),
                (ns, name, key) -> ns.equals("shop") ? Optional.ofNullable(secrets.getOrDefault(name, Map.of()).get(key))
                        : Optional.empty());

        assertThat(provider.measure(request)).isEqualTo(new ProviderResult.Value(2.5, "2.5"));
        assertSentV1("q");
    }

    @Test
    void anInvalidBlockIsAFailureListingEveryProblemWithoutCallingDatadog() {
        ProviderResult result = measure("{\"apiVersion\":\"v9\",\"interval\":\"soon\"}");

        assertThat(result).isEqualTo(new ProviderResult.Failure("invalid datadog provider: apiVersion must be v1 or v2, "
                + "not 'v9'; set query (or queries with a formula, apiVersion v2); interval must be a duration such as "
                + "30s, 5m or 1h, not 'soon'"));
        assertThat(datadog.requests()).isEmpty();
    }

    private ProviderResult measure(String config) {
        return provider.measure(request(config, Duration.ofSeconds(5)));
    }

    private MeasurementRequest request(String config, Duration timeout) {
        return new MeasurementRequest("shop", "error-rate", read(config), NOW, timeout,
                (ns, name, key) -> ns.equals("shop") && name.equals("datadog") ? Optional.ofNullable(secret.get(key))
                        : Optional.empty());
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSentV1(String query) {
        FakeHttpServer.Request sent = datadog.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v1/query");
        assertThat(sent.query("query")).isEqualTo(query);
        assertThat(sent.query("to")).isEqualTo("1717000300");
        assertThat(sent.header("DD-API-KEY")).isEqualTo(API_KEY);
        assertThat(sent.header("DD-APPLICATION-KEY")).isEqualTo(APP_KEY);
    }

    private void assertSentV2(String query) {
        FakeHttpServer.Request sent = datadog.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v2/query/scalar");
        assertThat(read(sent.body()).path("data").path("attributes").path("queries").path(0).path("query").asText())
                .isEqualTo(query);
        assertThat(sent.header("DD-API-KEY")).isEqualTo(API_KEY);
        assertThat(sent.header("DD-APPLICATION-KEY")).isEqualTo(APP_KEY);
    }
}
