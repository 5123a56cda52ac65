package dev.sluice.analysis.provider.influxdb;

import dev.sluice.analysis.provider.ProviderDocExamples;
import static dev.sluice.analysis.provider.TestJson.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider against a local server speaking InfluxDB's APIs; every test also checks the request it sent. */
class InfluxProviderTest {
    private static final InfluxProvider PROVIDER = new InfluxProvider();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "influx-token-0123456789";
    private static final String FLUX = "from(bucket: \"app_istio\")\n  |> range(start: -15m)\n  |> mean()";
    private static final String CSV = """
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,double
            #group,false,false,true,true,false
            #default,_result,,,,
            ,result,table,_start,_stop,_value
            ,,0,2024-06-01T10:00:00Z,2024-06-01T10:05:00Z,0.0125

            """;

    private final FakeHttpServer influx = new FakeHttpServer();
    private final Map<String, String> secret = new HashMap<>(Map.of("address", influx.uri().toString(),
            "authToken", TOKEN, "org", "acme corp"));
    private final InfluxProvider provider = new InfluxProvider();

    @AfterEach
    void stop() {
        influx.close();
    }

    @Test
    void fluxPostsTheQueryForTheOrgWithTheTokenAndAsksForAnnotatedCsv() throws Exception {
        influx.answer(Response.text(200, CSV, "text/csv; charset=utf-8"));

        ProviderResult result = measure(flux(), Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(0.0125), "[0.0125]"));
        FakeHttpServer.Request sent = influx.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v2/query");
        assertThat(sent.query("org")).isEqualTo("acme corp");
        assertThat(sent.header("Authorization")).isEqualTo("Token " + TOKEN);
        assertThat(sent.header("Accept")).isEqualTo("application/csv");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.createObjectNode().put("query", FLUX).put("type", "flux")
                .set("dialect", JSON.readTree(
                        "{\"header\":true,\"annotations\":[\"datatype\",\"group\",\"default\"],\"delimiter\":\",\"}")));
    }

    @Test
    void fluxWithSeveralTablesGivesAList() {
        influx.answer(Response.text(200, """
                #datatype,string,long,string,double
                #group,false,false,true,false
                #default,_result,,,
                ,result,table,track,_value
                ,,0,canary,0.5
                ,,1,stable,0.25

                """, "text/csv"));

        assertThat(measure(flux(), Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Value(List.of(0.5, 0.25), "[0.5,0.25]"));
        assertSentFlux();
    }

    @Test
    void fluxWithAnEmptyBodyIsNoData() {
        influx.answer(Response.text(200, "", "text/csv"));

        assertThat(measure(flux(), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("InfluxDB returned no rows for the query"));
        assertSentFlux();
    }

    @Test
    void fluxErrorBodyIsAFailureWithInfluxsWords() {
        influx.answer(Response.json(400, "{\"code\":\"invalid\",\"message\":\"error @1:1-1:5: undefined identifier fromm\"}"));

        assertThat(measure(flux(), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("InfluxDB answered HTTP 400: error @1:1-1:5: undefined identifier fromm"));
        assertSentFlux();
    }

    @Test
    void fluxErrorInsideTheCsvStreamIsAFailure() {
        influx.answer(Response.text(200, "#datatype,string,string\n#group,true,true\n#default,,\n,error,reference\n"
                + ",\"runtime error: out of memory\",\n", "text/csv"));

        assertThat(measure(flux(), Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "InfluxDB failed while streaming the result: runtime error: out of memory"));
        assertSentFlux();
    }

    @Test
    void fluxMalformedBodyIsAFailure() {
        influx.answer(Response.text(200, ",result,table,_value\n,,0,not-a-number\n", "text/csv"));

        assertThat(measure(flux(), Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "InfluxDB answered a _value that is not a number at line 2: not-a-number"));
        assertSentFlux();
    }

    @Test
    void aRateLimitIsAFailureThatSaysSo() {
        influx.answer(Response.json(429, "{\"code\":\"too many requests\",\"message\":\"query quota exceeded\"}"));

        assertThat(measure(flux(), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("InfluxDB answered HTTP 429 (rate limited): query quota exceeded"));
        assertSentFlux();
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        influx.answer(Response.text(200, CSV, "text/csv").delayedBy(Duration.ofSeconds(3)));

        assertThat(measure(flux(), Duration.ofMillis(300))).isEqualTo(new ProviderResult.Failure(
                "InfluxDB: no answer from " + influx.uri() + "/api/v2/query within 300 ms"));
        assertSentFlux();
    }

    @Test
    void influxqlGetsTheQueryWithDatabaseAndBasicCredentialsNeverInTheUrl() {
        secret.remove("authToken");
        secret.put("username", "reader");
        secret.put("password", "s3cret-pass");
        influx.answer(Response.json(200, """
                {"results":[{"statement_id":0,"series":[{"name":"http","columns":["time","mean"],"values":[[1717000300,0.0125]]}]}]}"""));

        ProviderResult result = measure("{\"apiVersion\":\"v1\",\"database\":\"shop\",\"retentionPolicy\":\"autogen\","
                + "\"query\":\"SELECT mean(errors) FROM http WHERE time > now() - 5m\"}", Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(0.0125), "[0.0125]"));
        FakeHttpServer.Request sent = influx.lastRequest();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/query");
        assertThat(sent.query("db")).isEqualTo("shop");
        assertThat(sent.query("rp")).isEqualTo("autogen");
        assertThat(sent.query("q")).isEqualTo("SELECT mean(errors) FROM http WHERE time > now() - 5m");
        assertThat(sent.query("epoch")).isEqualTo("s");
        assertThat(sent.query("u")).isNull();
        assertThat(sent.query("p")).isNull();
        assertThat(sent.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("reader:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void influxqlStatementErrorIsAFailureAndNoSeriesIsNoData() {
        influx.answer(Response.json(200, "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: shop\"}]}"));
        String config = "{\"apiVersion\":\"v1\",\"database\":\"shop\",\"query\":\"SELECT mean(x) FROM y\"}";

        assertThat(measure(config, Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("InfluxDB could not run statement 0: database not found: shop"));
        assertThat(influx.lastRequest().header("Authorization")).isEqualTo("Token " + TOKEN);

        influx.answer(Response.json(200, "{\"results\":[{\"statement_id\":0}]}"));
        assertThat(measure(config, Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("InfluxDB returned no rows for the query"));
    }

    @Test
    void fluxWithoutOrgIsAFailureNamingTheSecret() {
        secret.remove("org");

        assertThat(measure(flux(), Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "Secret shop/influxdb needs the keys authToken and org for Flux"));
        assertThat(influx.requests()).isEmpty();
    }

    @Test
    void validationReportsEveryProblem() {
        assertThat(provider.validate(read("{\"apiVersion\":\"v3\",\"database\":\"shop\",\"profile\":7}"))).containsExactly(
                "apiVersion must be v2 (Flux) or v1 (InfluxQL), not 'v3'",
                "query must be a Flux query (or InfluxQL with apiVersion v1)",
                "profile must be a non-empty string");
        assertThat(provider.validate(read("{\"query\":\"from(bucket:\\\"b\\\")\",\"database\":\"shop\"}"))).containsExactly(
                "database and retentionPolicy apply to apiVersion v1 (InfluxQL) only; Flux names its bucket");
        assertThat(provider.validate(read(flux()))).isEmpty();
    }

    private static String flux() {
        return JSON.createObjectNode().put("query", FLUX).toString();
    }

    private ProviderResult measure(String config, Duration timeout) {
        return provider.measure(new MeasurementRequest("shop", "error-rate", read(config), Instant.EPOCH, timeout,
                (ns, name, key) -> ns.equals("shop") && name.equals("influxdb") ? Optional.ofNullable(secret.get(key))
                        : Optional.empty()));
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSentFlux() {
        FakeHttpServer.Request sent = influx.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v2/query");
        assertThat(sent.query("org")).isEqualTo("acme corp");
        assertThat(sent.header("Authorization")).isEqualTo("Token " + TOKEN);
        assertThat(read(sent.body()).path("query").asText()).isEqualTo(FLUX);
    }
}
