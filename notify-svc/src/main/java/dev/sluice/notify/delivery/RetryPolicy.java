package dev.sluice.notify.delivery;

import dev.sluice.common.retry.Backoff;
import dev.sluice.notify.service.Attempt;
import java.time.Duration;

/**
 * After a failed attempt: send again, and when, or give up. Exponential backoff from {@code initialDelay},
 * doubled per attempt up to {@code maxDelay}; a service's own wait (Retry-After, Discord's {@code retry_after})
 * replaces the backoff when it says more; a wait longer than {@code maxRetryAfter} is not waited for. Pure.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    public sealed interface Next {
    }

    public record SendAgain(Duration after) implements Next {
    }

    public record GiveUp(String reason) implements Next {
    }

    /** {@code attempt} counts from 1: the attempt that just ended with {@code outcome}. */
    public Next after(int attempt, Attempt outcome) {
        if (outcome instanceof Attempt.Failed failed) {
            return new GiveUp(failed.reason());
        }
        if (!(outcome instanceof Attempt.Retry retry)) {
            throw new IllegalArgumentException("nothing to retry after " + outcome);
        }
        if (attempt >= attempts) {
            return new GiveUp(retry.reason() + "; gave up after " + attempts + " attempts");
        }
        if (retry.after() != null && retry.after().compareTo(maxRetryAfter) > 0) {
            return new GiveUp(retry.reason() + "; asked to wait " + retry.after().toSeconds() + " s, longer than "
                    + maxRetryAfter.toSeconds() + " s");
        }
        Duration backoff = new Backoff(initialDelay, maxDelay).delayBefore(attempt);
        return new SendAgain(retry.after() != null && retry.after().compareTo(backoff) > 0 ? retry.after() : backoff);
    }
}
