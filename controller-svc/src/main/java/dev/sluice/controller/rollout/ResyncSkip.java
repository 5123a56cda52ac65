package dev.sluice.controller.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a reconcile of an owned rollout can be skipped because nothing it reads changed since the last one that
 * completed. A reconcile reads the Rollout, its ReplicaSets, the Deployment its {@code workloadRef} names and the
 * Services its strategy names (all from the informer caches), and the clock; its decisions depend on nothing else.
 * So when every one of those objects carries the same resourceVersion as when the last reconcile read them, and no
 * timer that reconcile asked for (a pause's end, a deadline, a scale-down delay, a retry: {@link EnginePass#wake}) is
 * due yet, the reconcile would decide exactly what the last one decided, which was carried out: nothing to do.
 * <p>
 * Kept safe by three rules: an object read is compared by resourceVersion (every change, by anyone, changes it; the
 * controller's own writes too, so the reconcile after a write runs in full once and then settles); a memo is made
 * only from a reconcile that completed without an exception, from the inputs as read <em>before</em> it acted (a
 * change arriving meanwhile makes the next one differ, never the other way round); and a full reconcile runs at least
 * every {@code fullEvery}, as a bound for anything missed (Argo Rollouts' resync is 15 minutes). What only the
 * ZeroDowntime condition reads (PodDisruptionBudgets, autoscalers, other Services of the namespace) is not compared
 * here: a change to it triggers a reconcile ({@code workload/Referrers}), which asks those rules again even when
 * this rule skips it.
 */
public final class ResyncSkip {
    private ResyncSkip() {
    }

    /**
     * What a reconcile reads, by version: the Rollout's resourceVersion, whether commands wait in its status, whether
     * it reads objects no cache holds (the pods, for canaryMetadata/stableMetadata: such a rollout is never skipped),
     * and {@code kind/name@resourceVersion} of each other object (its ReplicaSets, the referenced Deployment, the
     * named Services; {@code @-} for one that does not exist), in a stable order.
     */
    public record Inputs(String rolloutVersion, boolean commandsPending, boolean readsUncached, List<String> objectVersions) {
        public Inputs {
            objectVersions = List.copyOf(objectVersions);
        }
    }

    /** The inputs the last completed reconcile read, when its earliest timer is due, and when a full reconcile is due. */
    public record Memo(Inputs inputs, Instant timerDueAt, Instant fullDueAt) {
    }

    /** Skip or run, with the reason (for the debug log and the tests). */
    public record Verdict(boolean skip, String reason) {
    }

    /** A reconcile that asked for no timer: it needs none before the next full reconcile. */
    public static final Duration NO_TIMER = Duration.ofDays(3650);

    public static Verdict decide(Optional<Memo> last, Inputs now, Instant at) {
        if (last.isEmpty()) {
            return new Verdict(false, "no completed reconcile remembered");
        }
        Memo memo = last.get();
        if (now.readsUncached()) {
            return new Verdict(false, "it reads pods, which no cache holds");
        }
        if (now.commandsPending()) {
            return new Verdict(false, "commands wait in status");
        }
        if (!memo.inputs().equals(now)) {
            return new Verdict(false, "an input changed since the last reconcile");
        }
        if (!at.isBefore(memo.timerDueAt())) {
            return new Verdict(false, "a timer the last reconcile asked for is due");
        }
        if (!at.isBefore(memo.fullDueAt())) {
            return new Verdict(false, "a full reconcile is due");
        }
        return new Verdict(true, "nothing changed since the last reconcile and no timer is due");
    }

    /**
     * The memo of a reconcile that started at {@code started}, read {@code inputs} and asked to be called again after
     * {@code next} ({@link #NO_TIMER} when it set no timer); the next full reconcile is due {@code fullEvery} after it.
     */
    public static Memo remember(Inputs inputs, Instant started, Duration next, Duration fullEvery) {
        Duration timer = next.compareTo(NO_TIMER) >= 0 ? NO_TIMER : next;
        return new Memo(inputs, started.plus(timer), started.plus(fullEvery));
    }
}
