package dev.sluice.controller.rollout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.Condition;
import dev.sluice.api.rollout.RolloutStatus.PauseCondition;
import dev.sluice.api.rollout.RolloutStatus.PendingCommand;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RunPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Optional;

/** Small edits of a {@link RolloutStatus}: copies, conditions, pause conditions, timestamps. */
public final class Statuses {
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String TRAFFIC_SHIFT_FAILED = "TrafficShiftFailed";
    public static final String PAUSE_STEP = "CanaryPauseStep";
    public static final String PAUSE_INCONCLUSIVE = "InconclusiveAnalysis";
    public static final String PAUSE_COMMAND = "PauseCommand";
    /** Condition set when a command was dropped (another revision, expired, invalid spec); its message says why. */
    public static final String COMMAND_DROPPED = "CommandDropped";
    /** Condition while {@code spec.restartAt} restarts pods (or waits to); its message says which pod or why it waits. */
    public static final String RESTARTING = "Restarting";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Statuses() {
    }

    /** A deep copy with every list and nested object present, so the engine never edits its input. */
    public static RolloutStatus copy(RolloutStatus status) {
        RolloutStatus copy = status == null ? new RolloutStatus() : JSON.convertValue(status, RolloutStatus.class);
        if (copy.pauseConditions == null) copy.pauseConditions = new ArrayList<>();
        if (copy.conditions == null) copy.conditions = new ArrayList<>();
        if (copy.canary == null) copy.canary = new RolloutStatus.CanaryStatus();
        if (copy.pendingCommands == null) copy.pendingCommands = new ArrayList<>();
        if (copy.recentCommandIds == null) copy.recentCommandIds = new ArrayList<>();
        if (copy.plan == null) copy.plan = new ArrayList<>();
        if (copy.stepHistory == null) copy.stepHistory = new ArrayList<>();
        return copy;
    }

    public static Optional<Condition> condition(RolloutStatus s, String type) {
        return s.conditions.stream().filter(c -> type.equals(c.type)).findFirst();
    }

    /** Sets a condition; the transition time changes only when the status value does. */
    public static void setCondition(RolloutStatus s, String type, boolean status, String reason, String message, Instant now) {
        String value = status ? "True" : "False";
        Condition c = condition(s, type).orElseGet(() -> {
            Condition fresh = new Condition();
            fresh.type = type;
            s.conditions.add(fresh);
            return fresh;
        });
        if (!value.equals(c.status)) {
            c.lastTransitionTime = now.toString();
        }
        c.status = value;
        c.reason = reason;
        c.message = message;
    }

    public static void removeCondition(RolloutStatus s, String type) {
        s.conditions.removeIf(c -> type.equals(c.type));
    }

    public static boolean hasCondition(RolloutStatus s, String type, String reason) {
        return condition(s, type).filter(c -> reason == null || reason.equals(c.reason)).isPresent();
    }

    public static Optional<PauseCondition> pause(RolloutStatus s, String reason) {
        return s.pauseConditions.stream().filter(p -> reason.equals(p.reason)).findFirst();
    }

    public static PauseCondition addPause(RolloutStatus s, String reason, Instant now, Instant until) {
        PauseCondition p = new PauseCondition();
        p.reason = reason;
        p.startTime = now.toString();
        p.until = until == null ? null : until.toString();
        s.pauseConditions.add(p);
        return p;
    }

    /** The rollout's next event sequence, recorded in status (every event it publishes takes one). */
    public static long nextSequence(RolloutStatus s) {
        s.sequence = (s.sequence == null ? 0 : s.sequence) + 1;
        return s.sequence;
    }

    /** The replica counts in status, summed over the rollout's ReplicaSets; updated = the current revision's. */
    public static void countReplicas(RolloutStatus s, Collection<ReplicaSetFacts> replicaSets) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (ReplicaSetFacts rs : replicaSets) {
            replicas += rs.replicas();
            ready += rs.readyReplicas();
            available += rs.availableReplicas();
            if (rs.hash().equals(s.currentPodHash)) {
                updated = rs.replicas();
            }
        }
        s.replicas = replicas;
        s.readyReplicas = ready;
        s.availableReplicas = available;
        s.updatedReplicas = updated;
    }

    /** Most commands kept waiting for a reconcile; beyond it the oldest is dropped. */
    public static final int PENDING_COMMAND_CAP = 20;
    /** Appended to an Inconclusive run's message once a promote accepted it, so it pauses the rollout only once. */
    public static final String ACCEPTED = " (accepted by promote)";

    /**
     * An Inconclusive verdict as such, everywhere a person looks: phase Paused, the message, and the condition
     * {@code InconclusiveAnalysis} (True while the rollout waits), each saying how to resolve it.
     */
    public static void markInconclusive(RolloutStatus s, String verdict, String rollout, Instant now) {
        s.phase = RolloutPhase.Paused;
        s.message = verdict + "; paused until promoted or aborted: " + inconclusiveHint(rollout);
        setCondition(s, PAUSE_INCONCLUSIVE, true, "InconclusiveAnalysis", s.message, now);
    }

    /** How to resolve an Inconclusive verdict. */
    public static String inconclusiveHint(String rollout) {
        return "`kubectl sluice promote " + rollout + "` accepts it and continues, `kubectl sluice abort " + rollout
                + "` rolls back";
    }

    /** Drops the {@code InconclusiveAnalysis} condition once nothing waits on an Inconclusive verdict any more. */
    public static void clearInconclusive(RolloutStatus s) {
        if (pause(s, PAUSE_INCONCLUSIVE).isEmpty()) {
            removeCondition(s, PAUSE_INCONCLUSIVE);
        }
    }

    /**
     * Why a pending command is dropped instead of acted on, or null: it was given for another revision than the one
     * rolling out (REST and the CLI fill in {@code status.currentPodHash}), or it waited longer than {@code expiry}.
     */
    public static String dropReason(PendingCommand c, String currentRevision, Instant now, java.time.Duration expiry) {
        String what = c.command + (c.requestedBy == null ? "" : " by " + c.requestedBy);
        if (c.revision != null && !c.revision.equals(currentRevision)) {
            return what + " dropped: it was given for revision " + c.revision + ", the rollout is at " + currentRevision;
        }
        Instant received = time(c.receivedAt);
        if (received != null && !now.isBefore(received.plus(expiry))) {
            return what + " dropped: it expired (received " + c.receivedAt + ", not acted on within " + expiry.toMinutes() + "m)";
        }
        return null;
    }

    /** The reference to a run just requested: Pending until its verdict is recorded. */
    public static AnalysisRunStatusRef requestedRun(String name, long sequence, Instant now) {
        AnalysisRunStatusRef ref = new AnalysisRunStatusRef();
        ref.name = name;
        ref.requestSequence = sequence;
        ref.requestedAt = now.toString();
        ref.phase = RunPhase.Pending;
        return ref;
    }

    /**
     * When a requested run that has neither measured nor answered counts as lost and is requested again with a new
     * sequence (a lost record, analysis-svc down): {@link #ANALYSIS_ANSWER_BOUND} after the request. Null when the run
     * answered, measured, or was requested before this field existed.
     */
    public static Instant unansweredAt(AnalysisRunStatusRef ref) {
        Instant requested = time(ref.requestedAt);
        if (requested == null || finished(ref) || ref.lastMeasuredAt != null) {
            return null;
        }
        return requested.plus(ANALYSIS_ANSWER_BOUND);
    }

    /** A run with no measurement and no verdict this long after its request is requested again. */
    public static final java.time.Duration ANALYSIS_ANSWER_BOUND = java.time.Duration.ofMinutes(5);

    /** A run name unique per request: {@code <rollout>-<revision>-<request sequence>-<what>} (at most 253 characters). */
    public static String runName(String rollout, String revision, long sequence, String what) {
        String name = (rollout + "-" + revision + "-" + sequence + "-" + what).toLowerCase(java.util.Locale.ROOT);
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    /** True once a run has its verdict (or was cancelled); a run with no phase yet is unfinished. */
    public static boolean finished(AnalysisRunStatusRef ref) {
        return ref.phase != null && ref.phase.finished();
    }

    /** "{what} {phase}: metric {name} measured {value} ({message})", leaving out what the run did not report. */
    public static String verdictMessage(String what, AnalysisRunStatusRef ref) {
        StringBuilder m = new StringBuilder(what).append(' ').append(ref.phase);
        if (ref.metricName != null) {
            m.append(": metric ").append(ref.metricName);
            if (ref.value != null) {
                m.append(" measured ").append(ref.value);
            }
        }
        if (ref.message != null) {
            m.append(" (").append(ref.message).append(')');
        }
        return m.toString();
    }

    public static Instant time(String rfc3339) {
        return rfc3339 == null ? null : Instant.parse(rfc3339);
    }

    public static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
