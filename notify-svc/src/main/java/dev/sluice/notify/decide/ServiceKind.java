package dev.sluice.notify.decide;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of service a message can go to; {@code service.<kind>} in the ConfigMap, webhooks as {@code service.webhook.<name>}. */
public enum ServiceKind {
    SLACK("slack"), TEAMS("teams"), DISCORD("discord"), GOOGLE_CHAT("googlechat"), WEBHOOK("webhook"), EMAIL("email");

    private final String key;

    ServiceKind(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<ServiceKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
