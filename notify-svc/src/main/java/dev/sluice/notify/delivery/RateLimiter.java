package dev.sluice.notify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} messages a minute to one recipient, in bursts of up to {@code burst} (the generic cell
 * rate algorithm: each recipient has a theoretical arrival time that moves one interval per message). Slack asks
 * for about one message a second per channel; Discord and Teams webhooks allow bursts of a few. {@link #reserve}
 * returns how long a message must wait; the caller sends it then. Thread-safe; state of idle recipients is dropped.
 */
public final class RateLimiter {
    private final Duration interval;
    private final Duration tolerance;
    private final Map<String, Instant> arrival = new HashMap<>();

    public RateLimiter(int perMinute, int burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("perMinute and burst must be at least 1");
        }
        this.interval = Duration.ofMinutes(1).dividedBy(perMinute);
        this.tolerance = interval.multipliedBy(burst - 1L);
    }

    public synchronized Duration reserve(String recipient, Instant now) {
        if (arrival.size() > 10_000) {
            arrival.values().removeIf(t -> t.isBefore(now));
        }
        Instant tat = arrival.getOrDefault(recipient, now);
        if (tat.isBefore(now)) {
            tat = now;
        }
        Instant allowedAt = tat.minus(tolerance);
        Duration wait = allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
        arrival.put(recipient, tat.plus(interval));
        return wait;
    }
}
