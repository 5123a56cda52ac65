package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

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

    /** A shift request with no answer at all this long after it was sent is requested again with a new sequence. */
    public static final java.time.Duration SHIFT_ANSWER_BOUND = java.time.Duration.ofMinutes(2);

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
            Instant requestedAt = Statuses.time(c.requestedAt);
            if (requestedAt != null && !now.isBefore(requestedAt.plus(SHIFT_ANSWER_BOUND))) {
                return new Next.Request(); // no traffic.shifted nor traffic.shift.failed: asked again with a new sequence
            }
            return new Next.Wait(waiting(weight, c.requestedSequence), requestedAt == null ? null : requestedAt.plus(SHIFT_ANSWER_BOUND));
        }
        if (!pending && current == weight) {
            return new Next.Reached();
        }
        return new Next.Request();
    }

    /**
     * An engine's step toward {@code weight}: true when the routers hold it. Otherwise sets {@code s.message} and
     * either asks to be woken at the retry time or requests the weight through {@code request} (which publishes
     * {@code traffic.shift.requested} and records its sequence in {@code s.canary}).
     */
    public static boolean ensure(RolloutStatus s, int weight, Instant now, Consumer<Instant> wake, IntConsumer request) {
        Next next = toward(s.canary, weight, now);
        if (next instanceof Next.Reached) {
            return true;
        }
        if (next instanceof Next.Wait wait) {
            if (wait.wakeAt() != null) {
                wake.accept(wait.wakeAt());
            }
            s.message = wait.message();
            return false;
        }
        request.accept(weight);
        s.message = waiting(weight, s.canary.requestedSequence);
        return false;
    }

    /** The status message while a requested weight is not yet acknowledged. */
    public static String waiting(int weight, Long sequence) {
        return "waiting for traffic.shifted to " + weight + "% (sequence " + sequence + ")";
    }
}
