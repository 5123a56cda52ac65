package dev.sluice.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server on loopback that answers with a canned response (status, body, content type, delay)
 * and records every request it received, so a test asserts both the answer's handling and the request's
 * shape (path, query, headers, body). For provider tests: it speaks whatever API the test makes it speak.
 */
public final class FakeHttpServer implements AutoCloseable {

    /** One request as received. Header names are lower case. */
    public record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** A decoded query parameter (first value), or null. */
        public String query(String name) {
            if (rawQuery == null) {
                return null;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** What the server answers; {@code headers} are extra response headers (e.g. Retry-After). */
    public record Response(int status, String body, String contentType, Duration delay, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, "application/json", Duration.ZERO, Map.of());
        }

        public static Response text(int status, String body, String contentType) {
            return new Response(status, body, contentType, Duration.ZERO, Map.of());
        }

        public Response delayedBy(Duration delay) {
            return new Response(status, body, contentType, delay, headers);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, body, contentType, delay, Map.copyOf(more));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<java.util.function.Function<Request, Response>> response =
            new AtomicReference<>(r -> Response.json(200, "{}"));

    public FakeHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port", e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Sets what every following request gets. */
    public FakeHttpServer answer(Response next) {
        response.set(r -> next);
        return this;
    }

    /** Answers each following request by what it is (path, body, how many came before): a server with several endpoints. */
    public FakeHttpServer answer(java.util.function.Function<Request, Response> byRequest) {
        response.set(byRequest);
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the fake server received no request");
        }
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        requests.add(request);
        Response r = response.get().apply(request);
        try {
            if (!r.delay().isZero()) {
                Thread.sleep(r.delay().toMillis());
            }
            byte[] bytes = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
            if (r.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", r.contentType());
            }
            r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout tests): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
