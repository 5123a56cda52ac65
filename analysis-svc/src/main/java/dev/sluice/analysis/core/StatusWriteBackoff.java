package dev.sluice.analysis.core;

import dev.sluice.common.retry.Backoff;
import java.time.Duration;
import java.util.Optional;

/**
 * What to do after a measurement's status write failed {@code failures} times in a row: wait (1 s, doubling, at most
 * 30 s) and measure again, or, after {@link #MAX_FAILURES}, give up and end the run in Error, instead of measuring in
 * a tight loop against an API server that will not take the result.
 */
public final class StatusWriteBackoff {
    public static final int MAX_FAILURES = 5;
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private StatusWriteBackoff() {
    }

    /** The wait before the next attempt; empty: end the run in Error. */
    public static Optional<Duration> after(int failures) {
        if (failures >= MAX_FAILURES) {
            return Optional.empty();
        }
        return Optional.of(BACKOFF.delayBefore(failures));
    }
}
