package dev.sluice.e2e.harness;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Readiness waits: poll a condition until it holds or a timeout passes. Never a fixed sleep. */
public final class Wait {
    private static final long POLL_MILLIS = 100;

    private Wait() {
    }

    /** Polls {@code condition} (exceptions count as "not yet") until true; throws naming {@code what} on timeout. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"));
            }
            pause(POLL_MILLIS);
        }
    }

    /** One polling interval; the only place this module waits on the clock. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
