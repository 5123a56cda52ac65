package dev.sluice.analysis.core;

import java.time.Duration;

/**
 * analysis-svc's view of {@link dev.sluice.api.values.GoDuration}, the one duration parser Sluice has (the controller
 * uses it too): Go's rules, a unit required, never negative, at most Go's largest duration.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /** The duration, or null when {@code text} is not a valid Go duration of 0 or more. */
    public static Duration parse(String text) {
        return dev.sluice.api.values.GoDuration.parse(text).value();
    }

    /** Why {@code text} is not a duration, or null when it is one. */
    public static String problem(String text) {
        return dev.sluice.api.values.GoDuration.parse(text).problem();
    }

    /** {@code 1m30s}-style text for messages. */
    public static String format(Duration d) {
        return dev.sluice.api.values.GoDuration.format(d);
    }
}
