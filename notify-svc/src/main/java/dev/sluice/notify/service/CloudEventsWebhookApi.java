package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.notify.decide.Delivery;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook ({@code service.webhook.<name>}): the notice as a CloudEvent over HTTP in binary mode
 * ({@code ce-*} headers, JSON body), {@code ce-id} the id of the Sluice event it reports (a receiver may
 * de-duplicate on it), {@code ce-type} {@value #TYPE}. Settings: {@code url}; {@code headers} (a list of
 * {@code {name, value}}, values may reference the Secret); {@code hmacSecret}: when set, the header
 * {@value #SIGNATURE} carries {@code sha256=<hex HMAC-SHA256 of the body>} (GitHub's scheme).
 */
final class CloudEventsWebhookApi implements ServiceApi {
    static final String TYPE = "dev.sluice.notification.v1";
    static final String SIGNATURE = "X-Sluice-Signature-256";

    @Override
    public Outbound request(Delivery d, JsonNode settings) throws ConfigProblem {
        String name = "webhook." + d.service().name();
        if (!settings.path("url").isTextual()) {
            throw new ConfigProblem(name + " has no url");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", d.notice().eventId());
        headers.put("ce-source", "/sluice/notify");
        headers.put("ce-type", TYPE);
        headers.put("ce-subject", d.notice().rolloutId());
        if (d.notice().time() != null) {
            headers.put("ce-time", d.notice().time().toString());
        }
        for (JsonNode h : settings.path("headers")) {
            if (!h.path("name").isTextual()) {
                throw new ConfigProblem(name + " has a header without a name");
            }
            headers.put(h.path("name").asText(), h.path("value").asText(""));
        }
        String secret = settings.path("hmacSecret").asText("");
        if (!secret.isEmpty()) {
            headers.put(SIGNATURE, "sha256=" + hmac(secret, d.message().body()));
        }
        return new Outbound(ServiceApi.uri(name, settings.path("url").asText()), headers, d.message().body());
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public Attempt classify(Answer a, Instant now) {
        return ServiceApi.byStatus("webhook", a, now);
    }
}
