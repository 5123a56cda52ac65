package dev.sluice.traffic.shift;

import java.time.Duration;

/**
 * How transient API errors are retried: {@code attempts} calls in all, waiting {@code initialDelay}, doubled
 * each time up to {@code maxDelay}.
 */
public record Backoff(int attempts, Duration initialDelay, Duration maxDelay) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** The wait before attempt {@code attempt} (the second attempt is 1). */
    public Duration delayBefore(int attempt) {
        Duration d = initialDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** Waits; production sleeps on a worker thread, tests record the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }
}
