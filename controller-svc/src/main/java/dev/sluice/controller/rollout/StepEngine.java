package dev.sluice.controller.rollout;

import static dev.sluice.controller.rollout.Statuses.isTrue;
import static dev.sluice.controller.rollout.Statuses.time;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.PauseCondition;
import dev.sluice.api.rollout.RolloutStatus.StepRecord;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.events.AbortCause;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.StepStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canary state machine as one function: (plan, status, template hash, ReplicaSet facts, now) → decisions
 * and the new status. It never waits and never remembers: every timer is a timestamp in status, every Kafka
 * input (acknowledged weight, verdict, command) was recorded in status before the call, so calling it again
 * with the same input decides the same thing and emits nothing twice.
 *
 * <p>Per revision: RevisionDetected → for each step StepStarted, then setWeight (scale the canary, request the
 * weight, wait for {@code traffic.shifted}), pause (until a deadline or a promote), analysis (request, wait for
 * the verdict: Failed/Error abort, Inconclusive pauses), setCanaryScale → after the last step the canary is
 * promoted to stable, traffic returns to weight 0 on the (now new) stable service, old pods scale down → Healthy.
 * An abort returns traffic to stable first and scales a routed canary down after {@code abortScaleDownDelay}
 * (null: {@code abortScaleDownDelaySeconds: 0}, kept up as in Argo; a basic canary rolls back to stable at once).
 */
public final class StepEngine {
    /** Commands not acted on within this long after they were recorded are dropped (a stale promote must not fire later). */
    public static final Duration COMMAND_EXPIRY = EnginePass.COMMAND_EXPIRY;

    private StepEngine() {
    }

    public static Outcome decide(EngineInput in) {
        return new Pass(in).run();
    }

    /** Delay before a failed traffic shift is requested again: 5 s, doubling, at most 5 minutes. */
    public static Duration shiftBackoff(int failures) {
        long seconds = 5L << Math.min(Math.max(failures - 1, 0), 6);
        return Duration.ofSeconds(Math.min(seconds, 300));
    }

    private static final class Pass {
        private final EngineInput in;
        private final CanaryPlan plan;
        private final EnginePass p;
        private final RolloutStatus s;
        private final Instant now;

        Pass(EngineInput in) {
            this.in = in;
            this.plan = in.plan();
            this.p = new EnginePass(in.rollout(), in.status(), in.replicaSets(), in.now(), new EnginePass.Target(plan.routing(),
                    plan.stableService(), plan.canaryService(), plan.metricsProvider(), "canary", plan.steps(), plan.sessionAffinity()),
                    this::index);
            this.s = p.s;
            this.now = in.now();
        }

        Outcome run() {
            p.observed(plan.steps().stream().map(Step::describe).toList());
            String hash = in.templateHash();
            if (s.stableRS == null) {
                firstRevision(hash);
            } else if (!hash.equals(s.currentPodHash)) {
                newRevision(hash);
            }
            applyCommands();
            if (isTrue(s.abort)) {
                aborted();
            } else if (settled()) {
                whileSettled();
            } else {
                progressing();
            }
            scale();
            Statuses.clearInconclusive(s);
            summarise();
            p.requeue().ifPresent(p::add);
            return new Outcome(List.copyOf(p.decisions()), s);
        }

        // --- revisions

        private void firstRevision(String hash) {
            s.currentStepStartedAt = now.toString();
            p.firstRevision(hash, plan.steps().size(), "first revision " + hash + " becomes stable without steps");
        }

        private void newRevision(String hash) {
            cancelAnalyses("revision " + hash + " replaced " + s.currentPodHash);
            p.newRevision(hash);
            resetCanary();
            s.currentStepStartedAt = now.toString();
            if (hash.equals(s.stableRS)) {
                s.currentStepIndex = plan.steps().size();
                s.message = "template returned to the stable revision " + hash + "; steps skipped";
                return;
            }
            s.currentStepIndex = 0;
            p.revisionDetected(hash);
            Optional<String> fastTrack = fastTrack();
            if (fastTrack.isPresent()) {
                skipStepsForRollback(fastTrack.get());
            } else if (!plan.steps().isEmpty()) {
                startStep(0);
            }
        }

        /** Argo's rollbackWindow: why this revision skips its steps and analysis, or empty (asked on every pass). */
        private Optional<String> fastTrack() {
            return RollbackWindow.fastTrack(plan.rollbackWindow(), s.currentPodHash, s.stableRS, p.replicaSets());
        }

        private void skipStepsForRollback(String reason) {
            closeStep("skipped: " + reason);
            s.currentStepIndex = plan.steps().size();
            s.lastProgressAt = now.toString();
            s.message = reason + ": steps and analysis skipped (fast-tracked rollback)";
            Statuses.setCondition(s, Statuses.PROGRESSING, true, RolloutNotes.ROLLBACK_WITHIN_WINDOW, s.message, now);
        }

        /** What a revision's canary leaves behind: its runs, its scale override, its check count, its step history. */
        private void resetCanary() {
            s.canary.currentStepAnalysisRun = null;
            s.canary.currentBackgroundAnalysisRun = null;
            s.canary.scaleOverride = null;
            s.canary.failedChecks = null;
            setRoutes(List.of());
            s.stepHistory.clear();
        }

        private boolean settled() {
            return s.currentPodHash.equals(s.stableRS);
        }

        // --- commands (recorded in status by the inbox or REST, consumed here)

        private void applyCommands() {
            p.applyCommands((command, who, why) -> {
                switch (command) {
                    case ABORT -> {
                        if (!isTrue(s.abort) && !settled()) {
                            abort("aborted by " + who + why, null, null, AbortCause.Command);
                        }
                    }
                    case RETRY -> {
                        if (isTrue(s.abort)) {
                            retry();
                        }
                    }
                    case PROMOTE -> {
                        if (!isTrue(s.abort) && !settled()) {
                            s.pauseConditions.removeIf(c -> !Statuses.PAUSE_COMMAND.equals(c.reason));
                            acceptInconclusiveBackground();
                            cancelStepRun("promoted by " + who);
                            if (index() < plan.steps().size()) {
                                finishStep("promoted by " + who);
                            }
                        }
                    }
                    case PROMOTE_FULL -> {
                        if (!isTrue(s.abort) && !settled()) {
                            s.promoteFull = true;
                            s.pauseConditions.clear();
                            acceptInconclusiveBackground();
                            cancelStepRun("promoted fully by " + who);
                        }
                    }
                    default -> {
                    }
                }
            });
        }

        private void retry() {
            p.retry(() -> {
                resetCanary();
                s.currentStepIndex = 0;
            });
            if (!plan.steps().isEmpty()) {
                startStep(0);
            }
        }

        // --- abort

        private void abort(String reason, String metric, String value, AbortCause cause) {
            p.abort(reason, metric, value, cause, () -> {
                setRoutes(List.of()); // Argo removes the managed routes at an abort
                cancelAnalyses("aborted");
                closeStep("aborted");
            });
        }

        private void aborted() {
            s.phase = RolloutPhase.Degraded;
            if (plan.trafficRouted()) {
                String reason = p.abortReason();
                ReplicaSetFacts stable = facts(s.stableRS);
                if (plan.dynamicStableScale() && (stable.availableReplicas() < plan.replicas() || stable.replicas() < plan.replicas())
                        && s.canary.weight != null && s.canary.weight > 0) {
                    // Argo's order: the scaled-down stable grows back first; the canary keeps its share until then
                    s.message = reason + "; traffic stays on the canary until the stable has " + plan.replicas()
                            + " available pods (" + stable.availableReplicas() + " now)";
                    return;
                }
                p.trafficAt(0);
                s.message = reason;
                if (plan.abortScaleDownDelay() == null) { // Argo: 0 keeps the canary's pods until the next update
                    s.message = reason + " (canary " + s.currentPodHash + " kept up: abortScaleDownDelaySeconds is 0)";
                } else {
                    Instant scaleDown = time(s.abortedAt).plus(plan.abortScaleDownDelay());
                    if (now.isBefore(scaleDown)) {
                        wake(scaleDown);
                    }
                }
            } else {
                s.canary.weight = 0;
            }
            pointServices(s.stableRS, s.currentPodHash);
        }

        // --- settled: the current revision is the stable one

        private void whileSettled() {
            pointServices(s.stableRS, s.stableRS);
            boolean trafficHome = !plan.trafficRouted() || p.trafficAt(0);
            ReplicaSetFacts stable = facts(s.stableRS);
            if (trafficHome && stable.availableReplicas() >= plan.replicas() && stable.replicas() == plan.replicas()) {
                p.healthy("revision " + s.stableRS + " is stable and available");
            } else {
                s.phase = RolloutPhase.Progressing;
                s.message = trafficHome
                        ? "waiting for stable pods of " + s.stableRS + " (" + stable.availableReplicas() + "/" + plan.replicas() + " available)"
                        : "waiting for traffic to return to the stable service (weight 0)";
            }
        }

        // --- progressing: a canary revision works through its steps

        private void progressing() {
            pointServices(s.stableRS, s.currentPodHash);
            if (p.held(plan.paused())) {
                return;
            }
            if (deadlineExceeded()) {
                return;
            }
            Optional<String> fastTrack = fastTrack();
            if (fastTrack.isPresent() && index() < plan.steps().size()) {
                skipStepsForRollback(fastTrack.get()); // e.g. after a retry
            }
            if (fastTrack.isEmpty() && !background()) {
                return;
            }
            if (isTrue(s.promoteFull) && index() < plan.steps().size()) {
                closeStep("skipped by promote-full");
                s.currentStepIndex = plan.steps().size();
                s.lastProgressAt = now.toString();
            }
            while (index() < plan.steps().size()) {
                if (!runStep(plan.steps().get(index()))) {
                    if (isTrue(s.abort)) {
                        aborted();
                    }
                    return;
                }
            }
            promote();
        }

        private boolean deadlineExceeded() {
            if (!p.deadlinePassed(plan.progressDeadline())) {
                return false;
            }
            if (!Statuses.hasCondition(s, Statuses.PROGRESSING, "ProgressDeadlineExceeded")) {
                String message = "revision " + s.currentPodHash + " made no progress for "
                        + Durations.format(plan.progressDeadline()) + " at step " + index();
                if (plan.progressDeadlineAbort()) {
                    abort(message, null, null, AbortCause.ProgressDeadlineExceeded);
                }
                Statuses.setCondition(s, Statuses.PROGRESSING, false, "ProgressDeadlineExceeded", message, now);
                if (plan.progressDeadlineAbort()) {
                    aborted();
                    return true;
                }
            }
            return false;
        }

        /** Starts or reads the background analysis; false when it aborted or paused the rollout. */
        private boolean background() {
            if (plan.background() == null || index() < plan.backgroundStartingStep()) {
                return true;
            }
            AnalysisRunStatusRef ref = s.canary.currentBackgroundAnalysisRun;
            if (ref == null || requestAgain(ref)) {
                s.canary.currentBackgroundAnalysisRun = p.requestAnalysis("background", AnalysisRequested.Kind.BACKGROUND,
                        plan.background());
                return true;
            }
            if (ref.phase != null && ref.phase.failed()) {
                abort(Statuses.verdictMessage("background analysis " + ref.name, ref), ref.metricName, ref.value, AbortCause.Analysis);
                aborted();
                return false;
            }
            if (ref.phase == RunPhase.Inconclusive && (ref.message == null || !ref.message.endsWith(Statuses.ACCEPTED))) {
                // Argo: an Inconclusive background run pauses the rollout until a person promotes or aborts it
                p.pauseInconclusive(Statuses.verdictMessage("background analysis " + ref.name, ref));
                return false;
            }
            return true;
        }

        private boolean requestAgain(AnalysisRunStatusRef ref) {
            return p.requestAgain(ref);
        }

        /** Runs the current step; true when it finished and the next one may start. */
        private boolean runStep(Step step) {
            if (step instanceof Step.SetWeight w) {
                return setWeight(w.weight());
            }
            if (step instanceof Step.Pause p) {
                return pause(p);
            }
            if (step instanceof Step.Analysis a) {
                return analysis(a);
            }
            if (step instanceof Step.Checks c) {
                return checks(c);
            }
            if (step instanceof Step.SetHeaderRoute || step instanceof Step.SetMirrorRoute) {
                return routeStep(step);
            }
            Step.SetCanaryScale c = (Step.SetCanaryScale) step;
            s.canary.scaleOverride = c.matchTrafficWeight() ? null
                    : c.replicas() != null ? c.replicas() : ReplicaArithmetic.weightToReplicas(plan.replicas(), c.weight());
            finishStep("completed");
            return true;
        }

        /**
         * setHeaderRoute / setMirrorRoute: the route set in status changes at once; the step ends when the routers
         * acknowledged a shift carrying it, at the weight the plan holds here, with canary pods to answer.
         */
        private boolean routeStep(Step step) {
            s.phase = RolloutPhase.Progressing;
            setRoutes(ManagedRouteSet.after(s.canary.managedRoutes, step, index()));
            int weight = plan.weightAt(index());
            ReplicaSetFacts canary = facts(s.currentPodHash);
            int wanted = routedCounts(weight).canary();
            if (canary.availableReplicas() < wanted || canary.replicas() < wanted) {
                s.message = "step " + index() + " (" + step.describe() + "): waiting for canary pods ("
                        + canary.availableReplicas() + "/" + wanted + " available)";
                return false;
            }
            if (!p.trafficAt(weight)) {
                return false;
            }
            finishStep("completed; routes in force: " + ManagedRouteSet.describe(s.canary.managedRoutes));
            return true;
        }

        /** Records a new set of managed routes; the next shift request carries it. */
        private void setRoutes(List<RolloutStatus.ActiveRoute> routes) {
            if (!ManagedRouteSet.same(routes, s.canary.managedRoutes)) {
                s.canary.managedRoutes = routes.isEmpty() ? null : new ArrayList<>(routes);
                s.canary.managedRoutesPending = true;
            }
        }

        private boolean setWeight(int weight) {
            s.phase = RolloutPhase.Progressing;
            ReplicaSetFacts canary = facts(s.currentPodHash);
            if (plan.trafficRouted()) {
                int wanted = routedCounts(weight).canary();
                if (canary.availableReplicas() < wanted || canary.replicas() < wanted) {
                    s.message = "step " + index() + " (setWeight: " + weight + "): waiting for canary pods ("
                            + canary.availableReplicas() + "/" + wanted + " available)";
                    return false;
                }
                if (!p.trafficAt(weight)) {
                    return false;
                }
                finishStep("completed");
                return true;
            }
            ReplicaCounts target = ReplicaArithmetic.weightedTarget(plan.replicas(), weight, plan.maxSurgePods());
            ReplicaSetFacts stable = facts(s.stableRS);
            boolean olderGone = p.replicaSets().stream().filter(this::older).allMatch(rs -> rs.replicas() == 0);
            if (canary.replicas() == target.canary() && canary.availableReplicas() >= target.canary()
                    && stable.replicas() == target.stable() && stable.availableReplicas() >= target.stable() && olderGone) {
                s.canary.weight = ReplicaArithmetic.replicaWeight(target.canary(), target.stable());
                finishStep("completed");
                return true;
            }
            s.message = "step " + index() + " (setWeight: " + weight + "): scaling to " + target.canary() + " canary / "
                    + target.stable() + " stable pods";
            return false;
        }

        private boolean pause(Step.Pause step) {
            PauseCondition p = Statuses.pause(s, Statuses.PAUSE_STEP).orElse(null);
            if (p == null) {
                if (step.duration() != null && step.duration().isZero()) {
                    finishStep("completed");
                    return true;
                }
                Instant until = step.duration() == null ? null : time(s.currentStepStartedAt).plus(step.duration());
                p = Statuses.addPause(s, Statuses.PAUSE_STEP, now, until);
                publish(new RolloutPaused(id(), uid(), s.currentPodHash, index(), next(), now, Statuses.PAUSE_STEP, until));
            }
            Instant until = time(p.until);
            if (until != null && !now.isBefore(until)) {
                s.pauseConditions.remove(p);
                finishStep("completed");
                return true;
            }
            s.phase = RolloutPhase.Paused;
            s.message = "step " + index() + " (" + step.describe() + "): paused "
                    + (until == null ? "until promoted" : "until " + until);
            s.lastProgressAt = now.toString();
            if (until != null) {
                wake(until);
            }
            return false;
        }

        private boolean analysis(Step.Analysis step) {
            AnalysisRunStatusRef ref = s.canary.currentStepAnalysisRun;
            if (ref == null || requestAgain(ref)) {
                ref = p.requestAnalysis(Integer.toString(index()), AnalysisRequested.Kind.STEP, step.analysis());
                s.canary.currentStepAnalysisRun = ref;
            }
            String run = ref.name;
            RunPhase phase = ref.phase == null ? RunPhase.Pending : ref.phase;
            switch (phase) {
                case Successful -> {
                    finishStep("completed");
                    return true;
                }
                case Failed, Error -> {
                    abort(Statuses.verdictMessage("analysis " + run, ref), ref.metricName, ref.value, AbortCause.Analysis);
                    return false;
                }
                case Inconclusive -> {
                    p.pauseInconclusive(Statuses.verdictMessage("analysis " + run, ref));
                    return false;
                }
                default -> {
                    // the progress deadline counts here too; each measurement of the run is progress
                    s.phase = RolloutPhase.Progressing;
                    s.message = "step " + index() + " (" + step.describe() + "): waiting for the verdict of " + run;
                    return false;
                }
            }
        }

        /** A Flagger check at the current weight; true when it passed (or is skipped and its interval is over). */
        private boolean checks(Step.Checks step) {
            int weight = plan.weightAt(index());
            s.phase = RolloutPhase.Progressing;
            if (step.skip()) {
                Instant until = time(s.currentStepStartedAt).plus(step.interval());
                if (!now.isBefore(until)) {
                    finishStep("completed without checks (skipAnalysis)");
                    return true;
                }
                s.message = "step " + index() + " (" + weight + "%): skipAnalysis: the weight advances at " + until + " without checks";
                s.lastProgressAt = now.toString();
                wake(until);
                return false;
            }
            AnalysisRunStatusRef ref = s.canary.currentStepAnalysisRun;
            if (ref == null || requestAgain(ref)) {
                ref = p.requestAnalysis(Integer.toString(index()), AnalysisRequested.Kind.STEP, step.checks());
                s.canary.currentStepAnalysisRun = ref;
            }
            int failedBefore = s.canary.failedChecks == null ? 0 : s.canary.failedChecks;
            if (!Statuses.finished(ref)) {
                s.message = "step " + index() + " (" + weight + "%): check " + ref.name + " measures "
                        + step.checks().describe() + " (" + failedBefore + "/" + step.threshold() + " failed checks)";
                return false;
            }
            Progression.CheckOutcome outcome = Progression.afterCheck(failedBefore, step.threshold(), ref.phase);
            s.canary.failedChecks = outcome.failedChecks() == 0 ? null : outcome.failedChecks();
            s.lastProgressAt = now.toString();
            String verdict = Statuses.verdictMessage("check " + ref.name, ref) + " (" + outcome.failedChecks() + "/"
                    + step.threshold() + " failed checks)";
            if (outcome instanceof Progression.CheckOutcome.Advance) {
                finishStep("checks passed at " + weight + "%");
                return true;
            }
            if (outcome instanceof Progression.CheckOutcome.RollBack) {
                abort("rolled back at " + weight + "%: " + verdict, ref.metricName, ref.value, AbortCause.Analysis);
                return false;
            }
            s.canary.currentStepAnalysisRun = p.requestAnalysis(Integer.toString(index()), AnalysisRequested.Kind.STEP, step.checks());
            s.message = "step " + index() + " (" + weight + "%): " + verdict + "; weight held, checking again";
            return false;
        }

        private void promote() {
            ReplicaSetFacts canary = facts(s.currentPodHash);
            Optional<String> fastTrack = fastTrack();
            if (canary.availableReplicas() < plan.replicas() || canary.replicas() < plan.replicas()) {
                s.phase = RolloutPhase.Progressing;
                s.message = fastTrack.map(r -> r + ": steps and analysis skipped; ").orElse("all steps done: ") + "waiting for "
                        + plan.replicas() + " canary pods before promotion (" + canary.availableReplicas() + " available)";
                return;
            }
            String previous = s.stableRS;
            AnalysisRunStatusRef bg = s.canary.currentBackgroundAnalysisRun;
            p.cancelUnfinished("promoted", bg);
            publish(new RolloutPromoted(id(), uid(), s.currentPodHash, index(), next(), now, previous,
                    isTrue(s.promoteFull) || fastTrack.isPresent()));
            s.stableRS = s.currentPodHash;
            s.scaleDownAt = now.plus(plan.scaleDownDelay()).toString();
            setRoutes(List.of()); // and at promotion
            s.promoteFull = null;
            s.canary.scaleOverride = null;
            s.lastProgressAt = now.toString();
            whileSettled();
        }

        // --- steps and history

        private void startStep(int index) {
            s.currentStepIndex = index;
            s.currentStepStartedAt = now.toString();
            s.canary.currentStepAnalysisRun = null;
            Step step = plan.steps().get(index);
            StepRecord record = new StepRecord();
            record.index = index;
            record.step = step.describe();
            record.startedAt = now.toString();
            s.stepHistory.add(record);
            publish(new StepStarted(id(), uid(), s.currentPodHash, index, next(), now, step.describe()));
        }

        private void finishStep(String outcome) {
            closeStep(outcome);
            s.lastProgressAt = now.toString();
            p.progressedAgain("revision progressing again");
            int nextIndex = index() + 1;
            s.currentStepIndex = nextIndex;
            if (nextIndex < plan.steps().size()) {
                startStep(nextIndex);
            }
        }

        private void closeStep(String outcome) {
            for (StepRecord r : s.stepHistory) {
                if (r.index != null && r.index == index() && r.finishedAt == null) {
                    r.finishedAt = now.toString();
                    r.outcome = outcome;
                }
            }
        }

        // --- analysis

        private void acceptInconclusiveBackground() {
            AnalysisRunStatusRef bg = s.canary.currentBackgroundAnalysisRun;
            if (bg != null && bg.phase == RunPhase.Inconclusive
                    && (bg.message == null || !bg.message.endsWith(Statuses.ACCEPTED))) {
                bg.message = (bg.message == null ? "" : bg.message) + Statuses.ACCEPTED;
            }
        }

        /** A promote moves past an analysis step: its run is cancelled rather than left measuring (Argo). */
        private void cancelStepRun(String reason) {
            p.cancelUnfinished(reason, s.canary.currentStepAnalysisRun);
        }

        private void cancelAnalyses(String reason) {
            p.cancelUnfinished(reason, s.canary.currentStepAnalysisRun, s.canary.currentBackgroundAnalysisRun);
        }

        // --- replicas and services

        private ReplicaCounts routedCounts(int weight) {
            ReplicaCounts counts = ReplicaArithmetic.trafficRouted(plan.replicas(), weight, s.canary.scaleOverride,
                    plan.dynamicStableScale(), s.canary.weight == null ? 0 : s.canary.weight);
            if (s.canary.scaleOverride != null) {
                return counts;
            }
            boolean routes = s.canary.managedRoutes != null && !s.canary.managedRoutes.isEmpty();
            return new ReplicaCounts(ReplicaArithmetic.atLeastMinPods(counts.canary(), plan.minPodsPerReplicaSet(), routes),
                    counts.stable());
        }

        private void scale() {
            Map<String, Integer> want = new HashMap<>();
            if (settled()) {
                want.put(s.stableRS, plan.replicas());
            } else {
                int weight = isTrue(s.abort) ? 0 : plan.weightAt(index());
                ReplicaSetFacts canary = facts(s.currentPodHash);
                if (plan.trafficRouted()) {
                    ReplicaCounts counts = routedCounts(weight);
                    int canaryPods = counts.canary();
                    if (isTrue(s.abort)) {
                        boolean delayOver = plan.abortScaleDownDelay() != null
                                && !now.isBefore(time(s.abortedAt).plus(plan.abortScaleDownDelay()));
                        canaryPods = delayOver && (s.canary.weight == null || s.canary.weight == 0) ? 0 : canary.replicas();
                    }
                    want.put(s.currentPodHash, canaryPods);
                    want.put(s.stableRS, isTrue(s.abort) ? plan.replicas() : counts.stable());
                } else {
                    int olderReplicas = p.replicaSets().stream().filter(this::older).mapToInt(ReplicaSetFacts::replicas).sum();
                    ReplicaCounts counts = ReplicaArithmetic.basic(plan.replicas(), weight, plan.maxSurgePods(),
                            plan.maxUnavailablePods(), p.existing(s.currentPodHash), p.existing(s.stableRS),
                            olderReplicas);
                    want.put(s.currentPodHash, counts.canary());
                    if (p.existing(s.stableRS) != null) {
                        want.put(s.stableRS, counts.stable());
                    }
                }
            }
            p.scale(want, s.currentPodHash, time(s.scaleDownAt), true, plan.scaleDownDelayRevisionLimit()).forEach(p::add);
        }

        private boolean older(ReplicaSetFacts rs) {
            return !rs.hash().equals(s.stableRS) && !rs.hash().equals(s.currentPodHash);
        }

        private void pointServices(String stableHash, String canaryHash) {
            if (plan.stableService() != null) {
                p.add(new Decision.PointServices(stableHash, canaryHash));
            }
        }

        private void summarise() {
            Statuses.countReplicas(s, p.replicaSets());
            if (!plan.trafficRouted() && settled()) {
                s.canary.weight = 0;
            }
            if (s.phase == RolloutPhase.Progressing
                    && Statuses.hasCondition(s, Statuses.PROGRESSING, "ProgressDeadlineExceeded")) {
                s.phase = RolloutPhase.Degraded;
            }
        }

        // --- small helpers

        private ReplicaSetFacts facts(String hash) {
            return p.facts(hash);
        }

        private int index() {
            return s.currentStepIndex == null ? 0 : s.currentStepIndex;
        }

        private long next() {
            return p.next();
        }

        private void publish(dev.sluice.events.RolloutStepEvent event) {
            p.publish(event);
        }

        private void wake(Instant at) {
            p.wake(at);
        }

        private String id() {
            return p.id();
        }

        private String uid() {
            return p.uid();
        }
    }
}
