package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.PendingCommand;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.MeasurementTaken;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShifted;
import java.time.Instant;
import java.util.Optional;

/**
 * Records a Kafka input in a copy of the status, before it is acknowledged (docs/architecture.md §3, ADR 0002). Each function returns the
 * new status, or empty when the input changes nothing: an answer to an older request, a duplicate, another
 * rollout with the same name (uid differs). The step engine acts on what is recorded.
 */
public final class InputRecorder {

    private InputRecorder() {
    }

    /** {@code traffic.shifted} answering the pending request: the weight is acknowledged. */
    public static Optional<RolloutStatus> shifted(RolloutStatus current, String uid, TrafficShifted event) {
        RolloutStatus s = Statuses.copy(current);
        RolloutStatus.CanaryStatus c = s.canary;
        if (!uid.equals(event.rolloutUid()) || c.requestedSequence == null || event.sequence() != c.requestedSequence
                || (c.acknowledgedSequence != null && c.acknowledgedSequence >= event.sequence())) {
            return Optional.empty();
        }
        c.acknowledgedSequence = event.sequence();
        c.weight = event.canaryWeight();
        c.shiftFailures = null;
        c.shiftFailureReason = null;
        c.shiftRetryAt = null;
        Statuses.removeCondition(s, Statuses.TRAFFIC_SHIFT_FAILED);
        return Optional.of(s);
    }

    /** {@code traffic.shift.failed} for the pending request: a condition with the reason and a retry time with backoff. */
    public static Optional<RolloutStatus> shiftFailed(RolloutStatus current, String uid, TrafficShiftFailed event, Instant now) {
        RolloutStatus s = Statuses.copy(current);
        RolloutStatus.CanaryStatus c = s.canary;
        if (!uid.equals(event.rolloutUid()) || c.requestedSequence == null || event.sequence() != c.requestedSequence
                || (c.acknowledgedSequence != null && c.acknowledgedSequence >= event.sequence())
                || c.shiftRetryAt != null) {
            return Optional.empty();
        }
        c.shiftFailures = (c.shiftFailures == null ? 0 : c.shiftFailures) + 1;
        c.shiftFailureReason = event.router() + (event.object() == null ? "" : " " + event.object()) + ": " + event.reason();
        c.shiftRetryAt = now.plus(StepEngine.shiftBackoff(c.shiftFailures)).toString();
        Statuses.setCondition(s, Statuses.TRAFFIC_SHIFT_FAILED, true, "ShiftFailed",
                "shift to " + event.canaryWeight() + "% failed (attempt " + c.shiftFailures + "): " + c.shiftFailureReason
                        + "; retrying at " + c.shiftRetryAt, now);
        return Optional.of(s);
    }

    /**
     * {@code analysis.measurement.taken} of a run the rollout waits for: the run is alive (no re-request), and a
     * measurement of the current step's run is progress (the progress deadline counts from it).
     */
    public static Optional<RolloutStatus> measured(RolloutStatus current, String uid, MeasurementTaken event, Instant now) {
        RolloutStatus s = Statuses.copy(current);
        if (!uid.equals(event.rolloutUid())) {
            return Optional.empty();
        }
        for (AnalysisRunStatusRef ref : runs(s)) {
            if (ref != null && event.runName().equals(ref.name) && isOpen(ref.phase)) {
                ref.phase = RunPhase.Running;
                ref.lastMeasuredAt = event.time().toString();
                if (ref == s.canary.currentStepAnalysisRun) {
                    s.lastProgressAt = now.toString();
                }
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** {@code analysis.completed} for the current step, background, or blue-green pre/post-promotion run: its verdict. */
    public static Optional<RolloutStatus> analysisCompleted(RolloutStatus current, String uid, AnalysisCompleted event) {
        RolloutStatus s = Statuses.copy(current);
        if (!uid.equals(event.rolloutUid())) {
            return Optional.empty();
        }
        for (AnalysisRunStatusRef ref : runs(s)) {
            if (ref != null && event.runName().equals(ref.name) && isOpen(ref.phase)
                    && (ref.requestSequence == null || ref.requestSequence == event.requestSequence())) {
                ref.phase = RunPhase.of(event.phase().name());
                ref.metricName = event.metricName();
                ref.value = event.value();
                ref.message = event.message();
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A command (from Kafka or REST), kept until the next reconcile acts on it; a redelivered one is ignored. */
    public static Optional<RolloutStatus> command(RolloutStatus current, RolloutCommandName command, String id, String revision,
            String requestedBy, String reason, Instant now) {
        RolloutStatus s = Statuses.copy(current);
        if (id != null && (s.recentCommandIds.contains(id) || s.pendingCommands.stream().anyMatch(p -> id.equals(p.id)))) {
            return Optional.empty();
        }
        PendingCommand p = new PendingCommand();
        p.command = command;
        p.id = id;
        p.revision = revision;
        p.requestedBy = requestedBy;
        p.reason = reason;
        p.receivedAt = now.toString();
        s.pendingCommands.add(p);
        while (s.pendingCommands.size() > Statuses.PENDING_COMMAND_CAP) {
            PendingCommand oldest = s.pendingCommands.remove(0);
            Statuses.setCondition(s, Statuses.COMMAND_DROPPED, true, "CommandDropped", oldest.command
                    + " dropped: more than " + Statuses.PENDING_COMMAND_CAP + " commands were waiting", now);
        }
        return Optional.of(s);
    }

    /** The runs a rollout may wait for: the canary's step and background runs, blue-green's pre and post runs. */
    private static AnalysisRunStatusRef[] runs(RolloutStatus s) {
        RolloutStatus.BlueGreenStatus bg = s.blueGreen;
        return new AnalysisRunStatusRef[] {s.canary.currentStepAnalysisRun, s.canary.currentBackgroundAnalysisRun,
                bg == null ? null : bg.prePromotionAnalysisRun, bg == null ? null : bg.postPromotionAnalysisRun};
    }

    private static boolean isOpen(RunPhase phase) {
        return phase == null || !phase.finished();
    }
}
