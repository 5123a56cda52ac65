package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.notify.decide.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slack. A recipient listed under {@code webhooks} (channel → incoming-webhook URL) is posted to its webhook; any
 * other recipient is a channel for {@code chat.postMessage} with the bot {@code token}. The Web API answers errors
 * with HTTP 200 and {@code {"ok":false,"error":"channel_not_found"}}: such an answer is a failure, and
 * {@code ratelimited} a retry. Incoming webhooks answer {@code ok} as text, and errors as 4xx with a word
 * ({@code no_service}, {@code channel_is_archived}, {@code invalid_payload}).
 */
final class SlackApi implements ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_API = "https://slack.com/api";

    @Override
    public Outbound request(Delivery d, JsonNode settings) throws ConfigProblem {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        if (settings.path("webhooks").has(d.recipient()) || d.recipient().isEmpty()) {
            return new Outbound(ServiceApi.webhookFor("slack", settings, d.recipient()), headers, d.message().body());
        }
        String token = settings.path("token").asText("");
        if (token.isBlank()) {
            throw new ConfigProblem("slack has neither a token nor a webhook for channel '" + d.recipient() + "'");
        }
        headers.put("Authorization", "Bearer " + token);
        String api = settings.path("apiUrl").asText(DEFAULT_API).replaceAll("/+$", "");
        return new Outbound(ServiceApi.uri("slack", api + "/chat.postMessage"), headers, d.message().body());
    }

    @Override
    public Attempt classify(Answer a, Instant now) {
        if (!a.ok()) {
            return ServiceApi.byStatus("slack", a, now);
        }
        JsonNode body;
        try {
            body = JSON.readTree(a.body() == null ? "" : a.body());
        } catch (java.io.IOException e) {
            return new Attempt.Delivered(); // an incoming webhook's "ok"
        }
        if (body == null || !body.has("ok") || body.path("ok").asBoolean()) {
            return new Attempt.Delivered();
        }
        String error = body.path("error").asText("unknown_error");
        if (error.equals("ratelimited") || error.equals("rate_limited")) {
            Duration after = a.retryAfter(now);
            return new Attempt.Retry(after, "slack answered ok=false error=" + error);
        }
        if (error.equals("internal_error") || error.equals("service_unavailable") || error.equals("request_timeout")
                || error.equals("fatal_error")) {
            return new Attempt.Retry(null, "slack answered ok=false error=" + error);
        }
        return new Attempt.Failed("slack answered ok=false error=" + error);
    }
}
