package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.PendingCommand;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.events.AbortCause;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What one pass of either engine ({@link StepEngine}, {@code BlueGreenEngine}) shares: the status being changed, the
 * decisions so far and the earliest time to wake, with the steps both strategies take the same way — commands
 * (pause and resume here, the rest handed to the strategy), abort and retry bookkeeping, analysis request, re-request and
 * cancel, weight request, the progress deadline clock, the Healthy transition and orphan scale-down. Pure: no I/O; the
 * engines keep every decision of their own strategy.
 */
public final class EnginePass {
    /** The {@code Progressing} condition's reason after an abort. */
    static final String ABORTED = "RolloutAborted";

    /** How many acted-on command ids status remembers (a redelivered command changes nothing). */
    public static final int COMMAND_MEMORY = 20;
    /** Commands not acted on within this long after they were recorded are dropped (a stale promote must not fire later). */
    public static final Duration COMMAND_EXPIRY = Duration.ofMinutes(10);

    /**
     * Where a strategy's events point: the routers and the two Services a weight or an analysis run is about (stable and
     * canary, or active and preview), the default metrics provider, the strategy name {@code RevisionDetected} carries,
     * and for the canary the steps that define its managed routes ({@code setHeaderRoute}/{@code setMirrorRoute}) and
     * Flagger's sessionAffinity; {@code routeSteps} null means the strategy manages no routes.
     */
    public record Target(TrafficRouting routing, String stableService, String canaryService, String metricsProvider,
            String strategy, List<Step> routeSteps, SessionAffinity sessionAffinity) {
        /** A strategy without managed routes or session affinity (blue-green): its shifts carry neither. */
        public Target(TrafficRouting routing, String stableService, String canaryService, String metricsProvider,
                String strategy) {
            this(routing, stableService, canaryService, metricsProvider, strategy, null, null);
        }
    }

    /** A strategy's answer to one command other than pause and resume. */
    @FunctionalInterface
    public interface CommandHandler {
        void handle(RolloutCommandName command, String who, String why);
    }

    public final RolloutRef rollout;
    public final RolloutStatus s;
    public final Instant now;
    private final Target target;
    private final IntSupplier stepIndex;
    private final Map<String, ReplicaSetFacts> replicaSets = new HashMap<>();
    private final List<Decision> decisions = new ArrayList<>();
    private Instant wakeAt;

    /** A pass over a copy of {@code status}; {@code stepIndex} is the step events carry (0 for blue-green). */
    public EnginePass(RolloutRef rollout, RolloutStatus status, Collection<ReplicaSetFacts> replicaSets, Instant now, Target target,
            IntSupplier stepIndex) {
        this.rollout = rollout;
        this.s = Statuses.copy(status);
        this.now = now;
        this.target = target;
        this.stepIndex = stepIndex;
        replicaSets.forEach(rs -> this.replicaSets.put(rs.hash(), rs));
    }

    /** The start of every pass: the generation observed, the plan described, a fixed spec's InvalidSpec gone. */
    public void observed(List<String> plan) {
        s.observedGeneration = rollout.generation();
        s.plan = new ArrayList<>(plan);
        Statuses.removeCondition(s, Statuses.INVALID_SPEC);
    }

    // --- the pass's output

    /** The decisions so far, in order. */
    public List<Decision> decisions() {
        return decisions;
    }

    public void add(Decision decision) {
        decisions.add(decision);
    }

    /** The next reconcile at the earliest wake time, if any. */
    public Optional<Decision> requeue() {
        if (wakeAt == null) {
            return Optional.empty();
        }
        Duration delay = Duration.between(now, wakeAt);
        return Optional.of(new Decision.RequeueAfter(delay.isNegative() ? Duration.ZERO : delay));
    }

    public void publish(RolloutStepEvent event) {
        decisions.add(new Decision.Publish(event));
    }

    /** Wake no later than {@code at}; null changes nothing. */
    public void wake(Instant at) {
        if (at != null && (wakeAt == null || at.isBefore(wakeAt))) {
            wakeAt = at;
        }
    }

    public long next() {
        return Statuses.nextSequence(s);
    }

    public String id() {
        return rollout.id();
    }

    public String uid() {
        return rollout.uid();
    }

    // --- ReplicaSets

    public ReplicaSetFacts facts(String hash) {
        ReplicaSetFacts rs = replicaSets.get(hash);
        return rs == null ? ReplicaSetFacts.absent(hash) : rs;
    }

    /** The ReplicaSet of {@code hash}, or null when it does not exist. */
    public ReplicaSetFacts existing(String hash) {
        return replicaSets.get(hash);
    }

    public Collection<ReplicaSetFacts> replicaSets() {
        return replicaSets.values();
    }

    /**
     * The scale decisions for {@code want} (hash → replicas): every other ReplicaSet with pods scales to 0 once
     * {@code scaleDownAt} passed (until then the pass wakes at it), except that only the newest {@code revisionLimit}
     * of them may wait (Argo's {@code scaleDownDelayRevisionLimit}; null: no limit) and older ones scale to 0 at once;
     * a ReplicaSet is scaled only when its count differs.
     * A missing one is created only for {@code current}, and only with pods unless {@code createEmpty}.
     */
    public List<Decision> scale(Map<String, Integer> want, String current, Instant scaleDownAt, boolean createEmpty,
            Integer revisionLimit) {
        boolean delayOver = scaleDownAt == null || !now.isBefore(scaleDownAt);
        List<ReplicaSetFacts> waiting = replicaSets.values().stream()
                .filter(rs -> !want.containsKey(rs.hash()) && rs.replicas() > 0)
                .sorted(ReplicaSetFacts.NEWEST_FIRST).toList();
        for (int i = 0; i < waiting.size(); i++) {
            // Argo's scaleDownDelayRevisionLimit: only the newest old revisions wait out the delay
            if (delayOver || revisionLimit != null && i >= revisionLimit) {
                want.put(waiting.get(i).hash(), 0);
            } else {
                wake(scaleDownAt);
            }
        }
        List<Decision> out = new ArrayList<>();
        want.forEach((hash, replicas) -> {
            ReplicaSetFacts rs = replicaSets.get(hash);
            if (rs == null ? hash.equals(current) && (createEmpty || replicas > 0) : rs.replicas() != replicas) {
                out.add(new Decision.ScaleReplicaSet(hash, replicas));
            }
        });
        return out;
    }

    // --- revisions

    /** The first revision a rollout sees becomes stable at once. */
    public void firstRevision(String hash, int stepIndex, String message) {
        s.stableRS = hash;
        s.currentPodHash = hash;
        s.currentStepIndex = stepIndex;
        s.lastProgressAt = now.toString();
        s.phase = RolloutPhase.Progressing;
        s.message = message;
        publish(new RevisionDetected(id(), uid(), hash, stepIndex, next(), now, null, target.strategy()));
    }

    /** A new template hash: what an earlier revision left (abort, promote-full, pauses but a command's) is cleared. */
    public void newRevision(String hash) {
        s.currentPodHash = hash;
        s.abort = null;
        s.abortedAt = null;
        s.promoteFull = null;
        s.retryCount = null;
        s.pauseConditions.removeIf(p -> !Statuses.PAUSE_COMMAND.equals(p.reason));
        s.lastProgressAt = now.toString();
        Statuses.setCondition(s, Statuses.PROGRESSING, true, "NewReplicaSet", "revision " + hash + " is rolling out", now);
    }

    /** A new revision other than the stable one starts rolling out. */
    public void revisionDetected(String hash) {
        s.phase = RolloutPhase.Progressing;
        s.message = "revision " + hash + " detected";
        publish(new RevisionDetected(id(), uid(), hash, 0, next(), now, s.stableRS, target.strategy()));
    }

    // --- commands (recorded in status by the inbox or REST, consumed here)

    /**
     * Acts on the pending commands in order: a stale or foreign one is dropped with a condition, pause and resume are
     * the same for every strategy, the others go to {@code strategy}; an unknown one is ignored.
     */
    public void applyCommands(CommandHandler strategy) {
        for (PendingCommand c : s.pendingCommands) {
            if (c.id != null) {
                s.recentCommandIds.add(c.id);
            }
            String dropped = Statuses.dropReason(c, s.currentPodHash, now, COMMAND_EXPIRY);
            if (dropped != null) {
                Statuses.setCondition(s, Statuses.COMMAND_DROPPED, true, "CommandDropped", dropped, now);
                continue;
            }
            String who = c.requestedBy == null ? "a command" : c.requestedBy;
            String why = c.reason == null ? "" : ": " + c.reason;
            RolloutCommandName command = c.command == null ? RolloutCommandName.UNKNOWN : c.command;
            switch (command) {
                case PAUSE -> {
                    if (Statuses.pause(s, Statuses.PAUSE_COMMAND).isEmpty()) {
                        Statuses.addPause(s, Statuses.PAUSE_COMMAND, now, null);
                        publish(new RolloutPaused(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), next(), now,
                                Statuses.PAUSE_COMMAND, null));
                    }
                }
                case RESUME -> s.pauseConditions.removeIf(p -> Statuses.PAUSE_COMMAND.equals(p.reason));
                case UNKNOWN -> {
                }
                default -> strategy.handle(command, who, why);
            }
        }
        s.pendingCommands.clear();
        while (s.recentCommandIds.size() > COMMAND_MEMORY) {
            s.recentCommandIds.remove(0);
        }
    }

    /** True (and Paused) while {@code spec.paused} or a pause command holds the revision. */
    public boolean held(boolean specPaused) {
        if (specPaused || Statuses.pause(s, Statuses.PAUSE_COMMAND).isPresent()) {
            s.phase = RolloutPhase.Paused;
            s.message = specPaused ? "paused by spec.paused" : "paused by a pause command";
            s.lastProgressAt = now.toString();
            return true;
        }
        return false;
    }

    // --- abort and retry

    /**
     * Aborts the revision: Degraded, pauses and promote-full cleared, {@code beforeEvent} (cancel the runs, close the
     * step) and then {@code rollout.aborted} with its typed {@code cause}.
     */
    public void abort(String reason, String metric, String value, AbortCause cause, Runnable beforeEvent) {
        s.abort = true;
        s.abortedAt = now.toString();
        s.message = reason;
        s.phase = RolloutPhase.Degraded;
        s.promoteFull = null;
        s.pauseConditions.clear();
        beforeEvent.run();
        Statuses.setCondition(s, Statuses.PROGRESSING, false, ABORTED, reason, now);
        publish(new RolloutAborted(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), next(), now, reason, metric, value,
                cause));
    }

    /**
     * The abort's own reason, from the {@code Progressing} condition {@link #abort} set (the last message when there is
     * none). An aborted rollout's notes are added to it, never to the last message, which each reconcile would extend.
     */
    public String abortReason() {
        return Statuses.condition(s, Statuses.PROGRESSING).filter(c -> ABORTED.equals(c.reason)).map(c -> c.message).orElse(s.message);
    }

    /** A retry after an abort: the revision rolls out again from the start ({@code reset} clears the strategy's state). */
    public void retry(Runnable reset) {
        s.abort = null;
        s.abortedAt = null;
        s.retryCount = (s.retryCount == null ? 0 : s.retryCount) + 1;
        reset.run();
        s.lastProgressAt = now.toString();
        s.phase = RolloutPhase.Progressing;
        s.message = "revision " + s.currentPodHash + " retried";
        Statuses.setCondition(s, Statuses.PROGRESSING, true, "RolloutRetried", s.message, now);
    }

    // --- progress

    /**
     * True once {@code deadline} has passed since the last progress; before it, wakes at it. A revision without a
     * last-progress time starts counting now.
     */
    public boolean deadlinePassed(Duration deadline) {
        Instant last = Statuses.time(s.lastProgressAt);
        if (last == null) {
            s.lastProgressAt = now.toString();
            return false;
        }
        Instant at = last.plus(deadline);
        if (now.isBefore(at)) {
            wake(at);
            return false;
        }
        return true;
    }

    /** Progress after an exceeded deadline: the Progressing condition turns true again. */
    public void progressedAgain(String message) {
        if (Statuses.hasCondition(s, Statuses.PROGRESSING, "ProgressDeadlineExceeded")) {
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "ReplicaSetUpdated", message, now);
        }
    }

    /** Healthy once, with its conditions and {@code rollout.completed}; nothing when it already is. */
    public void healthy(String message) {
        if (s.phase != RolloutPhase.Healthy) {
            s.phase = RolloutPhase.Healthy;
            s.message = message;
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "NewReplicaSetAvailable", s.message, now);
            Statuses.setCondition(s, Statuses.AVAILABLE, true, "AvailableReplicas", s.message, now);
            publish(new RolloutCompleted(id(), uid(), s.stableRS, stepIndex.getAsInt(), next(), now, RolloutPhase.Healthy.value(),
                    s.message));
        }
    }

    // --- analysis

    /** Requests a run named {@code <rollout>-<revision>-<sequence>-<what>}: a new name for every request. */
    public AnalysisRunStatusRef requestAnalysis(String what, AnalysisRequested.Kind kind, AnalysisSpec spec) {
        long sequence = next();
        String run = Statuses.runName(rollout.name(), s.currentPodHash, sequence, what);
        publish(new AnalysisRequested(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), sequence, now, run, kind, spec.templates(),
                spec.resolvedArgs(s.stableRS, s.currentPodHash), spec.builtInMetrics(), target.metricsProvider(), target.stableService(), target.canaryService(),
                s.stableRS, s.currentPodHash, rollout.successfulRunHistoryLimit(), rollout.unsuccessfulRunHistoryLimit()));
        return Statuses.requestedRun(run, sequence, now);
    }

    /**
     * True when {@code ref} was requested and neither measured nor answered within the bound: it is cancelled and the
     * caller requests it again with a new sequence. Otherwise wakes at the bound while it is pending.
     */
    public boolean requestAgain(AnalysisRunStatusRef ref) {
        Instant bound = Statuses.unansweredAt(ref);
        if (bound == null) {
            return false;
        }
        if (now.isBefore(bound)) {
            wake(bound);
            return false;
        }
        cancel(ref, "no answer within " + Durations.format(Statuses.ANALYSIS_ANSWER_BOUND) + "; requested again");
        return true;
    }

    /** Cancels every run given that has no verdict yet. */
    public void cancelUnfinished(String reason, AnalysisRunStatusRef... refs) {
        for (AnalysisRunStatusRef ref : refs) {
            if (ref != null && !Statuses.finished(ref)) {
                cancel(ref, reason);
            }
        }
    }

    public void cancel(AnalysisRunStatusRef ref, String reason) {
        publish(new AnalysisCancelRequested(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), next(), now, ref.name, reason));
        ref.phase = RunPhase.Cancelled;
    }

    /** An Inconclusive verdict pauses the rollout until a person promotes or aborts it (Argo). */
    public void pauseInconclusive(String verdict) {
        if (Statuses.pause(s, Statuses.PAUSE_INCONCLUSIVE).isEmpty()) {
            Statuses.addPause(s, Statuses.PAUSE_INCONCLUSIVE, now, null);
            publish(new RolloutPaused(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), next(), now, Statuses.PAUSE_INCONCLUSIVE,
                    null));
        }
        Statuses.markInconclusive(s, verdict, rollout.name(), now);
        s.lastProgressAt = now.toString();
    }

    // --- traffic

    /**
     * Asks traffic-svc for {@code weight}% to the new revision, with the managed routes in status (their definitions from
     * the plan's steps) and the session affinity, remembering the request in status.
     */
    public void requestWeight(int weight) {
        long sequence = next();
        if (target.routeSteps() == null) {
            publish(new TrafficShiftRequested(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), sequence, now, weight,
                    target.routing(), target.stableService(), target.canaryService(), s.stableRS, s.currentPodHash, List.of()));
        } else {
            ManagedRouteSet.Routes routes = ManagedRouteSet.routes(s.canary.managedRoutes, target.routeSteps());
            publish(new TrafficShiftRequested(id(), uid(), s.currentPodHash, stepIndex.getAsInt(), sequence, now, weight,
                    target.routing(), target.stableService(), target.canaryService(), s.stableRS, s.currentPodHash, List.of(),
                    routes.match(), routes.mirror(), target.sessionAffinity()));
        }
        s.canary.managedRoutesPending = null;
        s.canary.requestedWeight = weight;
        s.canary.requestedSequence = sequence;
        s.canary.requestedAt = now.toString();
        s.canary.shiftRetryAt = null;
    }

    /**
     * True once the routers acknowledged {@code weight}; until then requests it (once) and waits. A changed set of managed
     * routes is requested at once, even at the weight the routers hold.
     */
    public boolean trafficAt(int weight) {
        if (Boolean.TRUE.equals(s.canary.managedRoutesPending)) {
            requestWeight(weight);
            s.message = TrafficGate.waiting(weight, s.canary.requestedSequence) + " with routes "
                    + ManagedRouteSet.describe(s.canary.managedRoutes);
            return false;
        }
        return TrafficGate.ensure(s, weight, now, this::wake, this::requestWeight);
    }
}
