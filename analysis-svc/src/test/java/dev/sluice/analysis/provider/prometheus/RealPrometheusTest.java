package dev.sluice.analysis.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.SingleEvaluation;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.MeasurementPhase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian {@code prometheus} server on a loopback port scrapes two small apps every second, one healthy
 * (0.5% 5xx) and one bad (20% 5xx); an AnalysisTemplate's success-rate query, evaluated through the real
 * provider, conditions and verdict rules, passes the healthy version and fails the bad one.
 */
class RealPrometheusTest {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEMPLATE = """
            {"args":[{"name":"version"}],
             "metrics":[{"name":"success-rate",
               "successCondition":"size(result) > 0 && result[0] >= 0.95",
               "provider":{"prometheus":{"address":"%s",
                 "query":"sum(rate(http_requests_total{version=\\"{{args.version}}\\",code!~\\"5..\\"}[10s])) / sum(rate(http_requests_total{version=\\"{{args.version}}\\"}[10s]))"}}}]}
            """;

    @TempDir
    static Path dir;
    static Process prometheus;
    static HttpServer healthy;
    static HttpServer bad;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "SKIPPED: /usr/bin/prometheus is not installed (apt-get install prometheus; .ci/run installs it)");
        healthy = app(0.005);
        bad = app(0.20);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels: {version: healthy}
                      - targets: ['127.0.0.1:%d']
                        labels: {version: bad}
                """.formatted(healthy.getAddress().getPort(), bad.getAddress().getPort()));
        prometheus = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        address = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        String ready = address + "/api/v1/query?query=" + java.net.URLEncoder.encode(
                "count(rate(http_requests_total[10s]) > 0)", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ready)).build(), HttpResponse.BodyHandlers.ofString());
            // 2 apps x 2 codes: every series has at least two samples, so rate() answers for each
            return r.statusCode() == 200 && r.body().contains("\"4\"");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (healthy != null) {
            healthy.stop(0);
        }
        if (bad != null) {
            bad.stop(0);
        }
    }

    /**
     * An app whose counters grow 100 requests per second, {@code errorRatio} of them 5xx. The counters are
     * exposed unrounded (the exposition format allows float counters), so every window's ratio is exactly
     * {@code 1 - errorRatio}: rounded to whole requests, a window of two scrapes could see 2 errors in 200
     * and read 0.99 for the 0.995 app (CI saw 0.98999...).
     */
    static HttpServer app(double errorRatio) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        long started = System.nanoTime();
        server.createContext("/metrics", exchange -> {
            double seconds = (System.nanoTime() - started) / 1e9;
            double total = 1000 + seconds * 100;
            String body = "# TYPE http_requests_total counter\n"
                    + "http_requests_total{code=\"200\"} " + total * (1 - errorRatio) + "\n"
                    + "http_requests_total{code=\"503\"} " + total * errorRatio + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    static SingleEvaluation.Outcome evaluate(String version) throws Exception {
        AnalysisTemplateSpec spec = JSON.readValue(TEMPLATE.formatted(address), AnalysisTemplateSpec.class);
        MetricProvider provider = new PrometheusProvider();
        RunPlan.Prepared prepared = RunPlan.prepare(spec.metrics, null, null, Map.of("version", version),
                type -> Optional.of(provider).filter(p -> p.type().equals(type)), new ConditionCompiler());
        assertThat(prepared).isInstanceOf(RunPlan.Prepared.Ready.class);
        RunPlan plan = ((RunPlan.Prepared.Ready) prepared).plan();
        Instant now = Instant.now();
        return SingleEvaluation.evaluate(plan, m -> m.provider().measure(new MeasurementRequest("shop", m.spec().name(),
                m.spec().providerConfig(), now, Duration.ofSeconds(10), (n, s, k) -> Optional.empty())), now);
    }

    @Test
    void the_healthy_version_succeeds() throws Exception {
        SingleEvaluation.Outcome outcome = evaluate("healthy");
        assertThat(outcome.phase()).as(outcome.message()).isEqualTo(AnalysisPhase.Successful);
        assertThat(Double.parseDouble(outcome.metrics().get(0).value().replaceAll("[\\[\\]]", ""))).isCloseTo(0.995, within(1e-6));
    }

    @Test
    void the_bad_version_fails_naming_the_metric_and_its_value() throws Exception {
        SingleEvaluation.Outcome outcome = evaluate("bad");
        assertThat(outcome.phase()).as(outcome.message()).isEqualTo(AnalysisPhase.Failed);
        assertThat(outcome.metricName()).isEqualTo("success-rate");
        assertThat(Double.parseDouble(outcome.value().replaceAll("[\\[\\]]", ""))).isCloseTo(0.80, within(1e-6));
    }

    @Test
    void an_arg_that_tries_to_rewrite_the_query_stays_a_label_value_and_matches_nothing() throws Exception {
        SingleEvaluation.Outcome outcome = evaluate("bad\"} or vector(1) or up{x=\"");
        SingleEvaluation.MetricOutcome metric = outcome.metrics().get(0);
        assertThat(metric.value()).as("no series has that version: empty vector, not the injected vector(1)").isEqualTo("[]");
        assertThat(metric.phase()).isEqualTo(MeasurementPhase.Failed);
        assertThat(metric.message()).contains("no data");
    }

    @Test
    void a_query_prometheus_rejects_is_an_error_with_prometheus_own_words() throws Exception {
        ProviderResult r = new PrometheusProvider().measure(new MeasurementRequest("shop", "broken",
                JSON.readTree("{\"address\":\"" + address + "\",\"query\":\"sum(rate(http_requests_total[10s])\"}"),
                Instant.now(), Duration.ofSeconds(5), (n, s, k) -> Optional.empty()));
        assertThat(r).isInstanceOfSatisfying(ProviderResult.Failure.class,
                f -> assertThat(f.message()).contains("bad_data").contains("parse error"));
    }

    @Test
    void the_apps_are_really_scraped() throws Exception {
        ProviderResult r = new PrometheusProvider().measure(new MeasurementRequest("shop", "up",
                JSON.readTree("{\"address\":\"" + address + "\",\"query\":\"sum(up{job=\\\"app\\\"})\"}"),
                Instant.now(), Duration.ofSeconds(5), (n, s, k) -> Optional.empty()));
        assertThat(r).isEqualTo(new ProviderResult.Value(List.of(2.0), "[2]"));
    }
}
