package dev.sluice.analysis.provider.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local server speaking CloudWatch's Smithy RPC-v2 CBOR protocol, the one the AWS SDK for Java v2 uses for
 * CloudWatch: {@code POST /service/GraniteServiceVersion20100801/operation/GetMetricData}, CBOR bodies, header
 * {@code smithy-protocol: rpc-v2-cbor}; timestamps are CBOR tag 1 (epoch seconds). Answers are queued (one per
 * call, the last one repeats) so paging can be tested; requests are recorded with their decoded body.
 */
final class FakeCloudWatch implements AutoCloseable {
    static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    private static final CBORMapper CBOR = new CBORMapper();

    record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One answer: status, extra headers, a CBOR body built from maps, lists, strings, numbers and Instants. */
    record Answer(int status, Map<String, String> headers, Object body, Duration delay) {
        static Answer ok(Object body) {
            return new Answer(200, Map.of(), body, Duration.ZERO);
        }

        static Answer error(int status, String queryErrorCode, Object body) {
            return new Answer(status, Map.of("x-amzn-query-error", queryErrorCode + ";Sender"), body, Duration.ZERO);
        }

        Answer delayedBy(Duration delay) {
            return new Answer(status, headers, body, delay);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    FakeCloudWatch() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    synchronized FakeCloudWatch answer(Answer... next) {
        answers.clear();
        answers.addAll(List.of(next));
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private synchronized Answer next() {
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : CBOR.readTree(raw);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        Answer answer = next();
        try {
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            byte[] bytes = answer.body() instanceof byte[] b ? b : cbor(answer.body());
            exchange.getResponseHeaders().add("Content-Type", "application/cbor");
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout tests)
        } finally {
            exchange.close();
        }
    }

    static byte[] cbor(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator gen = new CBORFactory().createGenerator(out)) {
            write(gen, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(CBORGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(e.getKey().toString());
                write(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else if (value instanceof Instant instant) {
            gen.writeTag(1);
            gen.writeNumber(instant.getEpochSecond() + instant.getNano() / 1e9);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else {
            gen.writeString(value.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
