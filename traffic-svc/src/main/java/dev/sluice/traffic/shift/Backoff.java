package dev.sluice.traffic.shift;

import java.time.Duration;

/**
 * How transient API errors are retried: {@code attempts} calls in all, waiting as service-common's
 * {@link dev.sluice.common.retry.Backoff} says ({@code initialDelay}, doubled each time up to {@code maxDelay}).
 */
public record Backoff(int attempts, Duration initialDelay, Duration maxDelay) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** The wait before attempt {@code attempt} (the second attempt is 1). */
    public Duration delayBefore(int attempt) {
        return new dev.sluice.common.retry.Backoff(initialDelay, maxDelay).delayBefore(attempt);
    }

    /** Waits; production sleeps on a worker thread, tests record the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }
}
