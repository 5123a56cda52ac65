package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.notify.decide.Delivery;
import dev.sluice.notify.decide.ServiceKind;
import java.net.URI;
import java.time.Instant;

/**
 * One chat or webhook API: the request a delivery becomes (with its settings, Secret references already resolved)
 * and how an answer reads. Pure; the HTTP call itself is {@code delivery/HttpSender}'s.
 */
public interface ServiceApi {

    Outbound request(Delivery delivery, JsonNode settings) throws ConfigProblem;

    Attempt classify(Answer answer, Instant now);

    static ServiceApi of(ServiceKind kind) {
        return switch (kind) {
            case SLACK -> new SlackApi();
            case TEAMS -> new WebhookChatApi("teams");
            case DISCORD -> new DiscordApi();
            case GOOGLE_CHAT -> new WebhookChatApi("googlechat");
            case WEBHOOK -> new CloudEventsWebhookApi();
            case EMAIL -> throw new IllegalArgumentException("email is sent through the mailer, not over HTTP");
        };
    }

    /** A setting that is missing or wrong: the delivery can never work until someone fixes the ConfigMap or Secret. */
    final class ConfigProblem extends Exception {
        public ConfigProblem(String message) {
            super(message);
        }
    }

    /** The webhook URL configured for a recipient under {@code webhooks}. */
    static URI webhookFor(String service, JsonNode settings, String recipient) throws ConfigProblem {
        JsonNode url = settings.path("webhooks").path(recipient);
        if (!url.isTextual() || url.asText().isBlank()) {
            throw new ConfigProblem(service + " has no webhook for recipient '" + recipient + "' (service." + service
                    + " webhooks." + recipient + ")");
        }
        return uri(service, url.asText());
    }

    static URI uri(String service, String text) throws ConfigProblem {
        try {
            URI uri = URI.create(text.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http")) || uri.getHost() == null) {
                throw new ConfigProblem(service + ": a URL must be http(s)://host/...");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(service + ": not a URL");
        }
    }

    /** 2xx delivered; transient statuses retried after Retry-After; anything else failed with the body's start. */
    static Attempt byStatus(String service, Answer a, Instant now) {
        if (a.ok()) {
            return new Attempt.Delivered();
        }
        if (a.transientStatus()) {
            return new Attempt.Retry(a.retryAfter(now), service + " answered " + a.statusText());
        }
        return new Attempt.Failed(service + " answered " + a.statusText());
    }
}
