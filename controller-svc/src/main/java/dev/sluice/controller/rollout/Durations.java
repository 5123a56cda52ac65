package dev.sluice.controller.rollout;

import dev.sluice.api.values.GoDuration;
import java.time.Duration;

/** Durations in messages; parsing is {@link GoDuration}'s, the one parser every service uses. */
public final class Durations {

    private Durations() {
    }

    /** The shortest readable form: {@code 90s} → {@code 1m30s}. */
    public static String format(Duration d) {
        return GoDuration.format(d);
    }
}
