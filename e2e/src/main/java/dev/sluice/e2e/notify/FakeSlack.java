package dev.sluice.e2e.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Slack's Web API as far as notify-svc uses it, on loopback: {@code POST /api/chat.postMessage} with a bot token
 * answers {@code {"ok":true,...}} (HTTP 200), a wrong token {@code {"ok":false,"error":"invalid_auth"}} (also 200,
 * as Slack does). Records every message body it accepted.
 */
public final class FakeSlack implements AutoCloseable {
    private final HttpServer server;
    private final String token;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public FakeSlack(String token) {
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port", e);
        }
        server.createContext("/api/chat.postMessage", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean authorised = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (authorised) {
                messages.add(body);
            }
            byte[] answer = (authorised ? "{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"" + System.nanoTime() + ".000100\"}"
                    : "{\"ok\":false,\"error\":\"invalid_auth\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** The API base for {@code service.slack apiUrl}. */
    public URI api() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    public String token() {
        return token;
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
