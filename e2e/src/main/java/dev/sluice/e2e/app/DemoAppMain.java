package dev.sluice.e2e.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.e2e.harness.ParentWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A demo application version: a real HTTP server answering {@code GET /} with 200, or 500 for a configured
 * share of requests. It exposes {@code http_requests_total{code}} at {@code /metrics} (Prometheus text format),
 * the recent success rate as JSON at {@code /stats} (for the {@code web} provider), and
 * {@code PUT /admin/failure-share} (body: a number in 0..1) to change the share at run time.
 * Usage: {@code DemoAppMain <port> <version> <failureShare> [windowSeconds]}.
 */
public final class DemoAppMain {
    private final String version;
    private final RequestStats stats;
    private final AtomicReference<FailurePlan> plan;
    private final AtomicLong served = new AtomicLong();
    private final Map<String, Map<Integer, AtomicLong>> byNamespace = new java.util.concurrent.ConcurrentSkipListMap<>();

    private DemoAppMain(String version, double failureShare, long windowSeconds) {
        this.version = version;
        this.stats = new RequestStats(windowSeconds * 1000);
        this.plan = new AtomicReference<>(new FailurePlan(failureShare));
    }

    public static void main(String[] args) throws IOException {
        ParentWatch.exitWhenParentDies();
        int port = Integer.parseInt(args[0]);
        DemoAppMain app = new DemoAppMain(args[1], Double.parseDouble(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 10);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/metrics", app::metrics);
        server.createContext("/stats", app::stats);
        server.createContext("/admin/failure-share", app::failureShare);
        server.createContext("/", app::serve);
        server.start();
        System.out.println("demo app version " + app.version + " listening on http://127.0.0.1:" + port
                + " failing " + app.plan.get().share() + " of requests");
    }

    private void serve(HttpExchange exchange) throws IOException {
        long n = served.incrementAndGet();
        int code = plan.get().fails(n) ? 500 : 200;
        stats.record(System.currentTimeMillis(), code);
        String namespace = exchange.getRequestHeaders().getFirst(dev.sluice.e2e.cluster.ClusterSimulatorMain.NAMESPACE_HEADER);
        byNamespace.computeIfAbsent(namespace == null ? "" : namespace, k -> new java.util.concurrent.ConcurrentSkipListMap<>())
                .computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        respond(exchange, code, "text/plain", (code == 200 ? "hello from " : "failure in ") + version + "\n");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        StringBuilder out = new StringBuilder()
                .append("# HELP http_requests_total Requests served, by status code.\n")
                .append("# TYPE http_requests_total counter\n");
        if (byNamespace.isEmpty()) {
            out.append(line("", 200, 0));
        }
        // one series per namespace the requests came for (as a mesh's metrics carry the destination namespace)
        byNamespace.forEach((ns, codes) -> codes.forEach((code, count) -> out.append(line(ns, code, count.get()))));
        respond(exchange, 200, "text/plain; version=0.0.4", out.toString());
    }

    private String line(String namespace, int code, long count) {
        return "http_requests_total{version=\"" + version + "\"" + (namespace.isEmpty() ? "" : ",namespace=\"" + namespace + "\"")
                + ",code=\"" + code + "\"} " + count + "\n";
    }

    private void stats(HttpExchange exchange) throws IOException {
        RequestStats.Window w = stats.window(System.currentTimeMillis());
        String rate = Double.isNaN(w.successRate()) ? "null" : String.format(Locale.ROOT, "%.4f", w.successRate());
        String json = String.format(Locale.ROOT,
                "{\"version\":\"%s\",\"windowSeconds\":%.0f,\"requests\":%d,\"errors\":%d,\"successRate\":%s,\"failureShare\":%s}",
                version, w.seconds(), w.requests(), w.errors(), rate, plan.get().share());
        respond(exchange, 200, "application/json", json);
    }

    private void failureShare(HttpExchange exchange) throws IOException {
        if (!"PUT".equals(exchange.getRequestMethod()) && !"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain", "use PUT with a number in 0..1\n");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            plan.set(new FailurePlan(Double.parseDouble(body)));
            System.out.println("version " + version + " now fails " + body + " of requests");
            respond(exchange, 204, "text/plain", "");
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "text/plain", e.getMessage() + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
