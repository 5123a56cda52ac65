package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.notify.decide.Delivery;
import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Teams (a Workflows "post to a channel when a webhook request is received" URL, which takes an Adaptive
 * Card in a message attachment and answers 202) and Google Chat (a space's incoming webhook). Both configure
 * {@code webhooks: {recipient: url}}. Errors carry JSON: Teams Workflows {@code {"error":{"code":..,"message":..}}},
 * Google {@code {"error":{"code":400,"message":..,"status":"INVALID_ARGUMENT"}}}; the reason names them.
 */
final class WebhookChatApi implements ServiceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String service;

    WebhookChatApi(String service) {
        this.service = service;
    }

    @Override
    public Outbound request(Delivery d, JsonNode settings) throws ConfigProblem {
        return new Outbound(ServiceApi.webhookFor(service, settings, d.recipient()),
                Map.of("Content-Type", "application/json; charset=utf-8"), d.message().body());
    }

    @Override
    public Attempt classify(Answer a, Instant now) {
        Attempt byStatus = ServiceApi.byStatus(service, a, now);
        if (byStatus instanceof Attempt.Failed) {
            try {
                JsonNode error = JSON.readTree(a.body() == null ? "" : a.body()).path("error");
                if (error.isObject()) {
                    String code = error.hasNonNull("status") ? error.path("status").asText() : error.path("code").asText();
                    return new Attempt.Failed(service + " answered HTTP " + a.status() + " " + code + ": " + error.path("message").asText());
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not JSON: the status and body start say it
            }
        }
        return byStatus;
    }
}
