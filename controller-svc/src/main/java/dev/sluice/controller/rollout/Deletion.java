package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What deleting a Rollout needs before its finalizer goes (pure): every route back to 100% stable. With traffic
 * routing and a canary weight that is not acknowledged at 0, weight 0 is requested (no header routes) and the
 * finalizer stays until {@code traffic.shifted} acknowledges it, at most {@code bound} after the deletion began (then
 * the finalizer goes anyway and the message says so; traffic-svc's drift check releases routes of a Rollout that no
 * longer exists). Without routing nothing is waited for: the ReplicaSets go with the Rollout (owner references).
 */
public final class Deletion {

    /** The routers and Services of a routed Rollout (blue-green: active as stable, preview as canary). */
    public record Routes(TrafficRouting routing, String stableService, String canaryService) {
    }

    /**
     * @param release true when the finalizer may be removed
     * @param message why, or what is awaited, for the log
     */
    public record Result(boolean release, String message, Outcome outcome) {
    }

    private Deletion() {
    }

    public static Result decide(RolloutRef ref, Routes routes, RolloutStatus before, Instant deletedAt, Instant now, Duration bound) {
        if (routes == null || before == null || before.canary == null) {
            return new Result(true, "no traffic routed to a canary", new Outcome(List.of(), before));
        }
        RolloutStatus s = Statuses.copy(before);
        TrafficGate.Next next = TrafficGate.toward(s.canary, 0, now);
        if (next instanceof TrafficGate.Next.Reached) {
            return new Result(true, "every route is back at 100% stable", new Outcome(List.of(), s));
        }
        if (deletedAt != null && !now.isBefore(deletedAt.plus(bound))) {
            return new Result(true, "no traffic.shifted to 0% within " + Durations.format(bound)
                    + " of the deletion; finalizer removed, traffic-svc's drift check releases the routes", new Outcome(List.of(), s));
        }
        List<Decision> decisions = new ArrayList<>();
        if (next instanceof TrafficGate.Next.Request) {
            long sequence = Statuses.nextSequence(s);
            String revision = s.currentPodHash != null ? s.currentPodHash : s.stableRS;
            decisions.add(new Decision.Publish(new TrafficShiftRequested(ref.id(), ref.uid(), revision, 0, sequence, now, 0,
                    routes.routing(), routes.stableService(), routes.canaryService(), s.stableRS, s.currentPodHash, List.of())));
            s.canary.requestedWeight = 0;
            s.canary.requestedSequence = sequence;
            s.canary.shiftRetryAt = null;
        } else if (next instanceof TrafficGate.Next.Wait wait && wait.wakeAt() != null) {
            decisions.add(new Decision.RequeueAfter(Duration.between(now, wait.wakeAt())));
        }
        s.message = "deleting: " + TrafficGate.waiting(0, s.canary.requestedSequence) + " before the finalizer is removed";
        return new Result(false, s.message, new Outcome(decisions, s));
    }
}
