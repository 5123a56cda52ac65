package dev.sluice.controller.rollout;

import java.util.Optional;

/** {@code maxSurge} / {@code maxUnavailable}: an absolute number of pods or a percentage of {@code replicas}. */
public record IntOrPercent(int value, boolean percent) {

    public static Optional<IntOrPercent> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String text = raw.trim();
        boolean percent = text.endsWith("%");
        try {
            int value = Integer.parseInt(percent ? text.substring(0, text.length() - 1) : text);
            return value < 0 ? Optional.empty() : Optional.of(new IntOrPercent(value, percent));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Pods for {@code total} replicas; percentages round up for surge and down for unavailability (Kubernetes semantics). */
    public int resolve(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        double exact = total * value / 100.0;
        return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
