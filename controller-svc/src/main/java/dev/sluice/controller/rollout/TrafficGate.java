package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import java.time.Instant;

/**
 * Whether the routers hold a weight yet, and what to do if they do not — the same rule for the canary and the
 * blue-green engine: a weight counts only once {@code traffic.shifted} acknowledged its request; a request is
 * sent once and sent again only at the retry time a {@code traffic.shift.failed} set.
 */
public final class TrafficGate {

    /** What an engine does next about a weight. */
    public sealed interface Next {
        /** The routers acknowledged the weight. */
        record Reached() implements Next {
        }

        /** Request the weight now (first time, or the retry time passed). */
        record Request() implements Next {
        }

        /** Wait for {@code traffic.shifted}; {@code wakeAt} is the retry time after a failure, or null. */
        record Wait(String message, Instant wakeAt) implements Next {
        }
    }

    private TrafficGate() {
    }

    public static Next toward(RolloutStatus.CanaryStatus c, int weight, Instant now) {
        int current = c.weight == null ? 0 : c.weight;
        boolean pending = c.requestedSequence != null
                && (c.acknowledgedSequence == null || c.acknowledgedSequence < c.requestedSequence);
        if (pending && c.requestedWeight != null && c.requestedWeight == weight) {
            Instant retryAt = Statuses.time(c.shiftRetryAt);
            if (retryAt != null && !now.isBefore(retryAt)) {
                return new Next.Request();
            }
            if (retryAt != null) {
                return new Next.Wait("traffic shift to " + weight + "% failed " + c.shiftFailures + " time(s): "
                        + c.shiftFailureReason + "; retrying at " + retryAt, retryAt);
            }
            return new Next.Wait(waiting(weight, c.requestedSequence), null);
        }
        if (!pending && current == weight) {
            return new Next.Reached();
        }
        return new Next.Request();
    }

    /** The status message while a requested weight is not yet acknowledged. */
    public static String waiting(int weight, Long sequence) {
        return "waiting for traffic.shifted to " + weight + "% (sequence " + sequence + ")";
    }
}
