package dev.sluice.analysis.provider.prometheus;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrometheusProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    final FakeHttpServer server = new FakeHttpServer();
    final PrometheusProvider provider = new PrometheusProvider();

    @AfterEach
    void stop() {
        server.close();
    }

    ProviderResult measure(String extra) throws Exception {
        JsonNode config = JSON.readTree("{\"address\":\"" + server.uri() + "/prom/\",\"query\":\"up\"" + extra + "}");
        assertThat(provider.validate(config)).isEmpty();
        return provider.measure(new MeasurementRequest("ns", "rate", config, NOW, Duration.ofSeconds(2),
                (n, s, k) -> Optional.empty()));
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("a vector becomes a list of its values",
                        Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"track\":\"canary\"},\"value\":[1717000000.5,\"0.0125\"]},{\"metric\":{},\"value\":[1717000000.5,\"3\"]}]}}"),
                        new ProviderResult.Value(List.of(0.0125, 3.0), "[0.0125,3]")),
                Arguments.of("a scalar NaN is NaN",
                        Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1717000000.5,\"NaN\"]}}"),
                        new ProviderResult.Value(Double.NaN, "NaN")),
                Arguments.of("+Inf in a vector is infinity",
                        Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"+Inf\"]}]}}"),
                        new ProviderResult.Value(List.of(Double.POSITIVE_INFINITY), "[+Inf]")),
                Arguments.of("a matrix becomes a list of value lists",
                        Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1\"],[2,\"-Inf\"]]}]}}"),
                        new ProviderResult.Value(List.of(List.of(1.0, Double.NEGATIVE_INFINITY)), "[[1,-Inf]]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void reads(String name, Response answer, ProviderResult expected) throws Exception {
        server.answer(answer);
        assertThat(measure("")).isEqualTo(expected);
    }

    @Test
    void an_empty_vector_is_no_data_and_keeps_the_warnings() throws Exception {
        server.answer(Response.json(200, "{\"status\":\"success\",\"warnings\":[\"partial response\"],\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.NoData.class,
                n -> assertThat(n.message()).contains("empty vector").contains("partial response"));
    }

    @Test
    void a_status_error_is_a_failure_with_the_servers_message() throws Exception {
        server.answer(Response.json(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:9: parse error: unexpected \\\")\\\"\"}"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("400").contains("bad_data").contains("parse error"));
    }

    @Test
    void a_proxy_error_page_is_a_failure_with_its_status_and_text() throws Exception {
        server.answer(Response.text(503, "<html>upstream connect error</html>", "text/html"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("HTTP 503").contains("upstream connect error"));
    }

    @Test
    void malformed_json_is_a_failure() throws Exception {
        server.answer(Response.json(200, "{\"status\":\"success\",\"data\":{"));
        assertThat(measure("")).isInstanceOf(ProviderResult.Failure.class);
    }

    @Test
    void a_string_result_is_a_failure() throws Exception {
        server.answer(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}"));
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("string"));
    }

    @Test
    void an_answer_slower_than_the_timeout_is_a_failure() throws Exception {
        server.answer(Response.json(200, "{}").delayedBy(Duration.ofSeconds(3)));
        assertThat(measure(",\"timeout\":1")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("within 1000 ms"));
    }

    @Test
    void an_instant_query_posts_the_query_the_time_and_the_headers_with_basic_auth() throws Exception {
        server.answer(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        measure(",\"headers\":[{\"key\":\"X-Scope-OrgID\",\"value\":\"team-a\"}],"
                + "\"authentication\":{\"basic\":{\"username\":\"u\",\"password\":\"p\"}}");
        FakeHttpServer.Request r = server.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/prom/api/v1/query");
        assertThat(r.body()).contains("query=up").contains("time=" + NOW.getEpochSecond());
        assertThat(r.header("X-Scope-OrgID")).isEqualTo("team-a");
        assertThat(r.header("Authorization")).isEqualTo("Basic dTpw");
    }

    @Test
    void a_range_query_posts_start_end_and_step_with_a_bearer_token() throws Exception {
        server.answer(Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
        ProviderResult result = measure(",\"rangeQuery\":{\"start\":\"now() - 10m\",\"end\":\"now()\",\"step\":\"1m\"},"
                + "\"authentication\":{\"bearer\":{\"token\":\"t0k\"}}");
        assertThat(result).isInstanceOf(ProviderResult.NoData.class);
        FakeHttpServer.Request r = server.lastRequest();
        assertThat(r.path()).isEqualTo("/prom/api/v1/query_range");
        assertThat(r.body()).contains("start=" + NOW.minusSeconds(600).getEpochSecond()).contains("end=" + NOW.getEpochSecond())
                .contains("step=60");
        assertThat(r.header("Authorization")).isEqualTo("Bearer t0k");
    }

    @Test
    void an_unreachable_server_is_a_failure_naming_it() throws Exception {
        server.close();
        assertThat(measure("")).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("cannot reach"));
    }

    @Test
    void validation_reports_every_problem() throws Exception {
        JsonNode config = JSON.readTree("{\"address\":\"ftp:/x\",\"timeout\":\"soon\",\"rangeQuery\":{\"start\":\"yesterday\",\"end\":\"now()\",\"step\":\"x\"}}");
        assertThat(provider.validate(config)).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("address"))
                .anySatisfy(p -> assertThat(p).contains("query is required"))
                .anySatisfy(p -> assertThat(p).contains("timeout"))
                .anySatisfy(p -> assertThat(p).contains("rangeQuery.start"))
                .anySatisfy(p -> assertThat(p).contains("rangeQuery.step"));
    }

    @Test
    void an_arg_substituted_into_the_query_cannot_close_the_label_value() {
        String escaped = provider.escapeArg("query", "web\"} or vector(1) or up{x=\"");
        assertThat("up{service=\"" + escaped + "\"}").doesNotContain("\"}  or").contains("\\x22} or vector(1)");
        assertThat(escaped).doesNotContain("\"");
        assertThat(provider.escapeArg("address", "a\"b")).isEqualTo("a\"b");
    }
}
