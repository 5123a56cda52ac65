package dev.sluice.analysis.provider.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeHttpServer server = new FakeHttpServer();
    final WebProvider provider = new WebProvider();

    @AfterEach
    void stop() {
        server.close();
    }

    ProviderResult measure(String fields) throws Exception {
        JsonNode config = JSON.readTree("{\"url\":\"" + server.uri() + "/health?x=1\"" + fields + "}");
        assertThat(provider.validate(config)).isEmpty();
        return provider.measure(new MeasurementRequest("ns", "web", config, Instant.now(), Duration.ofSeconds(5),
                (n, s, k) -> Optional.empty()));
    }

    @Test
    void a_redirect_to_the_metadata_endpoint_is_refused_and_a_redirect_elsewhere_is_followed() throws Exception {
        com.sun.net.httpserver.HttpServer redirector = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        redirector.createContext("/metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/iam/"));
        redirector.createContext("/moved", exchange -> redirect(exchange, server.uri() + "/health"));
        redirector.start();
        try {
            String base = "http://127.0.0.1:" + redirector.getAddress().getPort();
            assertThat(measureAt(base + "/metadata")).isInstanceOfSatisfying(ProviderResult.Failure.class, f -> assertThat(f.message())
                    .contains("refused to call http://169.254.169.254/latest/meta-data/iam/").contains("cloud metadata endpoint"));
            server.answer(Response.json(200, "{\"ok\":1}"));
            assertThat(measureAt(base + "/moved")).isEqualTo(new ProviderResult.Value(Map.of("ok", 1L), "{\"ok\":1}"));
        } finally {
            redirector.stop(0);
        }
    }

    @Test
    void an_answer_larger_than_a_mebibyte_is_not_read() throws Exception {
        server.answer(Response.json(200, "[" + "1,".repeat(WebProvider.MAX_BODY_BYTES / 2) + "1]"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("answered more than 1048576 bytes"));
    }

    private ProviderResult measureAt(String url) throws Exception {
        JsonNode config = JSON.readTree("{\"url\":\"" + url + "\"}");
        return provider.measure(new MeasurementRequest("ns", "web", config, Instant.now(), Duration.ofSeconds(5),
                (n, s, k) -> Optional.empty()));
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    @Test
    void a_json_path_in_kubectl_syntax_selects_an_object_for_the_conditions() throws Exception {
        server.answer(Response.json(200, "{\"data\":{\"ok\":true,\"successPercent\":0.95}}"));
        ProviderResult r = measure(",\"jsonPath\":\"{$.data}\",\"headers\":[{\"key\":\"Authorization\",\"value\":\"Bearer abc\"}]");
        assertThat(r).isEqualTo(new ProviderResult.Value(Map.of("ok", true, "successPercent", 0.95),
                "{\"ok\":true,\"successPercent\":0.95}"));
        assertThat(server.lastRequest().method()).isEqualTo("GET");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer abc");
    }

    @Test
    void a_json_path_without_dollar_selects_a_number() throws Exception {
        server.answer(Response.json(200, "{\"data\":{\"errors\":3}}"));
        assertThat(measure(",\"jsonPath\":\"{.data.errors}\"")).isEqualTo(new ProviderResult.Value(3L, "3"));
    }

    @Test
    void a_post_with_json_body_sends_it_as_json() throws Exception {
        server.answer(Response.json(200, "{\"score\":0.7}"));
        measure(",\"method\":\"POST\",\"jsonBody\":{\"service\":\"web\"},\"jsonPath\":\"{$.score}\"");
        assertThat(server.lastRequest().method()).isEqualTo("POST");
        assertThat(server.lastRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(server.lastRequest().body())).isEqualTo(JSON.readTree("{\"service\":\"web\"}"));
    }

    @Test
    void a_put_sends_the_plain_body() throws Exception {
        server.answer(Response.json(200, "{}"));
        measure(",\"method\":\"PUT\",\"body\":\"hello\"");
        assertThat(server.lastRequest().method()).isEqualTo("PUT");
        assertThat(server.lastRequest().body()).isEqualTo("hello");
    }

    @Test
    void a_non_2xx_answer_is_a_failure_with_its_body() throws Exception {
        server.answer(Response.json(500, "{\"error\":\"db down\"}"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("HTTP 500").contains("db down").doesNotContain("x=1"));
    }

    @Test
    void a_path_that_matches_nothing_is_a_failure() throws Exception {
        server.answer(Response.json(200, "{\"data\":{}}"));
        assertThat(measure(",\"jsonPath\":\"{$.data.ok}\"")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("produced no value"));
    }

    @Test
    void a_body_that_is_not_json_is_the_raw_string() throws Exception {
        server.answer(Response.text(200, "OK", "text/plain"));
        assertThat(measure("")).isEqualTo(new ProviderResult.Value("OK", "\"OK\""));
    }

    @Test
    void malformed_json_is_handed_over_as_text() throws Exception {
        server.answer(Response.json(200, "{\"data\":"));
        assertThat(measure(",\"jsonPath\":\"{$.data}\"")).isEqualTo(new ProviderResult.Value("{\"data\":", "\"{\\\"data\\\":\""));
    }

    @Test
    void an_empty_body_is_an_empty_string() throws Exception {
        server.answer(Response.text(200, "", "text/plain"));
        assertThat(measure("")).isEqualTo(new ProviderResult.Value("", "\"\""));
    }

    @Test
    void an_answer_slower_than_timeout_seconds_is_a_failure() throws Exception {
        server.answer(Response.json(200, "{}").delayedBy(Duration.ofSeconds(3)));
        assertThat(measure(",\"timeoutSeconds\":\"1\"")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("within 1000 ms"));
    }

    @Test
    void validation_reports_every_problem() throws Exception {
        JsonNode config = JSON.readTree("{\"method\":\"DELETE\",\"body\":\"a\",\"jsonBody\":{},\"jsonPath\":\"{$.[}\",\"timeoutSeconds\":0}");
        assertThat(provider.validate(config))
                .anySatisfy(p -> assertThat(p).contains("url is required"))
                .anySatisfy(p -> assertThat(p).contains("GET, POST or PUT"))
                .anySatisfy(p -> assertThat(p).contains("mutually exclusive"))
                .anySatisfy(p -> assertThat(p).contains("jsonPath"))
                .anySatisfy(p -> assertThat(p).contains("timeoutSeconds"));
    }
}
