package dev.sluice.hygiene;

import java.util.Locale;
import java.util.Optional;

/**
 * How bad a finding is. {@link #ERROR} only for what drops or refuses requests during a rollout or a node drain;
 * everything else (requests, image tags, spread, undeclared ports) is a {@link #WARNING}.
 */
public enum Severity {
    WARNING, ERROR;

    /** As people and the outputs write it: {@code warning}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String text) {
        for (Severity s : values()) {
            if (s.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
