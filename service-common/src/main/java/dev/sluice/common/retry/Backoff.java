package dev.sluice.common.retry;

import java.time.Duration;

/**
 * The one exponential back-off: the wait before retry {@code n} (counting from 1) is {@code initialDelay × 2^(n-1)},
 * at most {@code maxDelay}. Used by the consumers' in-place retries, the controller's input recorder, traffic-svc's
 * writes and notify-svc's deliveries (which may wait longer when a service says so). Pure.
 */
public record Backoff(Duration initialDelay, Duration maxDelay) {

    public Backoff {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, not " + initialDelay + " and " + maxDelay);
        }
    }

    public Duration delayBefore(int retry) {
        Duration d = initialDelay.multipliedBy(1L << Math.min(Math.max(retry, 1) - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
