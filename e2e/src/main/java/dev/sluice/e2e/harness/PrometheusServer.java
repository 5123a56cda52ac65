package dev.sluice.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus server (Debian's {@value #BINARY}) on a free loopback port, scraping the demo apps every
 * second from a temporary configuration.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final String BINARY = "/usr/bin/prometheus";

    private final ManagedProcess process;
    private final URI url;
    private final int targets;

    private PrometheusServer(ManagedProcess process, URI url, int targets) {
        this.process = process;
        this.url = url;
        this.targets = targets;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** {@code targets}: scrape address ({@code host:port}) → the {@code service} label its samples get. */
    public static PrometheusServer launch(Path logDir, Map<String, String> targets) {
        int port = Ports.free();
        Path dir = logDir.resolve("prometheus");
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: demo-apps
                    scrape_interval: 1s
                    scrape_timeout: 900ms
                    static_configs:
                """);
        targets.forEach((address, service) -> config.append("      - targets: ['").append(address)
                .append("']\n        labels: {service: ").append(service).append("}\n"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("prometheus.yml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess p = ManagedProcess.start("prometheus", List.of(BINARY,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"), Map.of(), logDir);
        return new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), targets.size());
    }

    /** Ready, and every target scraped at least once with {@code up == 1}. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Wait.until("Prometheus at " + url + " (" + process.state() + ")", timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited:\n" + process.tail(20));
            }
            var ready = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() != 200) {
                return false;
            }
            String up = http.send(HttpRequest.newBuilder(url.resolve("/api/v1/query?query=sum(up)")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return up.contains("\"" + targets + "\"]");
        });
    }

    public URI url() {
        return url;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop();
    }
}
