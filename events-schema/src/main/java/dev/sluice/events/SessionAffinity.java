package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * Flagger's {@code sessionAffinity}: a client the canary answered gets cookie {@code cookieName} and stays on
 * the canary while it has traffic. {@code maxAge} in seconds (Flagger's default 86400).
 */
public record SessionAffinity(@NotBlank String cookieName, @Positive Integer maxAge) {

    public int maxAgeSeconds() {
        return maxAge == null ? 86400 : maxAge;
    }
}
