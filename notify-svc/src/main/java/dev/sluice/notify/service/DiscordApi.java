package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.notify.decide.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Discord: a channel webhook per recipient ({@code webhooks: {recipient: url}}), answering 204. A 429 carries
 * {@code {"message":"You are being rate limited.","retry_after":1.5,"global":false}} (seconds, fractional), which
 * wins over the Retry-After header; errors carry {@code {"message":"Unknown Webhook","code":10015}}.
 */
final class DiscordApi implements ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Outbound request(Delivery d, JsonNode settings) throws ConfigProblem {
        return new Outbound(ServiceApi.webhookFor("discord", settings, d.recipient()),
                Map.of("Content-Type", "application/json"), d.message().body());
    }

    @Override
    public Attempt classify(Answer a, Instant now) {
        JsonNode body = read(a.body());
        if (a.status() == 429) {
            Duration after = body.path("retry_after").isNumber()
                    ? Duration.ofMillis((long) Math.ceil(body.path("retry_after").asDouble() * 1000)) : a.retryAfter(now);
            return new Attempt.Retry(after, "discord answered HTTP 429 " + body.path("message").asText("rate limited"));
        }
        Attempt byStatus = ServiceApi.byStatus("discord", a, now);
        if (byStatus instanceof Attempt.Failed && body.has("message")) {
            return new Attempt.Failed("discord answered HTTP " + a.status() + " " + body.path("message").asText()
                    + (body.has("code") ? " (code " + body.path("code").asText() + ")" : ""));
        }
        return byStatus;
    }

    private static JsonNode read(String body) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
