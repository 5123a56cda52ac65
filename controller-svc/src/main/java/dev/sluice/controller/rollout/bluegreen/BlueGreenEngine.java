package dev.sluice.controller.rollout.bluegreen;

import static dev.sluice.controller.rollout.Statuses.isTrue;
import static dev.sluice.controller.rollout.Statuses.time;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.BlueGreenStatus;
import dev.sluice.api.rollout.RolloutStatus.PauseCondition;
import dev.sluice.api.rollout.RolloutStatus.PendingCommand;
import dev.sluice.controller.rollout.AnalysisSpec;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Durations;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.Phase;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.rollout.StepEngine;
import dev.sluice.controller.rollout.TrafficGate;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blue-green state machine as one function: (plan, status, template hash, ReplicaSet facts, now) → decisions and
 * the new status, in the same style as {@link StepEngine}. It never waits and never remembers: every timer is a
 * timestamp in {@code status.blueGreen}, every Kafka input (verdict, acknowledged weight, command) was recorded in
 * status before the call, so calling it again with the same input decides the same thing and emits nothing twice.
 *
 * <p>Blue is {@code status.stableRS}, green is {@code status.currentPodHash}; {@link BlueGreenStage} lists the stages.
 * A new revision gets its own ReplicaSet at {@code previewReplicaCount} with the preview Service pointing at it while
 * the active Service stays on blue → prePromotionAnalysis → promotion (automatic, after autoPromotionSeconds, or by
 * command) → green scales to {@code replicas} → once available the active selector moves in one write → blue stays up
 * for {@code scaleDownDelaySeconds} while postPromotionAnalysis runs → blue scales down, green becomes stable.
 * An abort returns the active selector to blue (scaling blue back up first if the delay had passed) and removes green.
 *
 * <p>Decisions are listed in the order to carry them out: the Service selectors first (so a switch back happens
 * before green scales down), then ReplicaSets, then events, then the next reconcile.
 */
public final class BlueGreenEngine {
    public static final String PAUSE_BLUE_GREEN = "BlueGreenPause";
    public static final String STRATEGY = "blueGreen";
    static final int COMMAND_MEMORY = 20;

    private BlueGreenEngine() {
    }

    public static Outcome decide(BlueGreenInput in) {
        return new Pass(in).run();
    }

    private static final class Pass {
        private final BlueGreenInput in;
        private final BlueGreenPlan plan;
        private final RolloutStatus s;
        private final BlueGreenStatus bg;
        private final Instant now;
        private final Map<String, ReplicaSetFacts> replicaSets = new HashMap<>();
        private final List<Decision> events = new ArrayList<>();
        private final List<Decision> scaling = new ArrayList<>();
        private Instant wakeAt;
        /** Aborted: green may scale down (the active Service and the routers are back on blue). */
        private boolean greenReleased;

        Pass(BlueGreenInput in) {
            this.in = in;
            this.plan = in.plan();
            this.s = Statuses.copy(in.status());
            if (s.blueGreen == null) {
                s.blueGreen = new BlueGreenStatus();
            }
            this.bg = s.blueGreen;
            this.now = in.now();
            in.replicaSets().forEach(rs -> replicaSets.put(rs.hash(), rs));
        }

        Outcome run() {
            s.observedGeneration = in.rollout().generation();
            s.plan = describePlan();
            Statuses.removeCondition(s, Statuses.INVALID_SPEC);
            String hash = in.templateHash();
            if (s.stableRS == null) {
                firstRevision(hash);
            } else if (!hash.equals(s.currentPodHash)) {
                newRevision(hash);
            }
            applyCommands();
            switch (BlueGreenStage.of(s)) {
                case STABLE -> settled();
                case PREVIEW -> preview();
                case PROMOTING -> promoting();
                case SWITCHED -> switched();
                case ABORTED -> aborted();
            }
            keepActiveOnServingPods();
            scale();
            Statuses.clearInconclusive(s);
            summarise();
            List<Decision> out = new ArrayList<>();
            out.add(new Decision.PointBlueGreenServices(bg.activeSelector,
                    plan.previewService() == null ? null : bg.previewSelector));
            out.addAll(scaling);
            out.addAll(events);
            if (wakeAt != null) {
                Duration delay = Duration.between(now, wakeAt);
                out.add(new Decision.RequeueAfter(delay.isNegative() ? Duration.ZERO : delay));
            }
            return new Outcome(List.copyOf(out), s);
        }

        private List<String> describePlan() {
            List<String> steps = new ArrayList<>();
            steps.add("preview: " + plan.previewReplicaCount() + " pod(s)"
                    + (plan.previewService() == null ? "" : " behind " + plan.previewService()));
            if (plan.prePromotion() != null) {
                steps.add("prePromotionAnalysis: " + plan.prePromotion().describe());
            }
            steps.add(!plan.autoPromotionEnabled() ? "promote: on a promote command"
                    : plan.autoPromotionSeconds() == null ? "promote: automatically"
                    : "promote: automatically after " + Durations.format(plan.autoPromotionSeconds()));
            steps.add("switch " + plan.activeService() + " to the new revision");
            if (plan.postPromotion() != null) {
                steps.add("postPromotionAnalysis: " + plan.postPromotion().describe());
            }
            steps.add("scale down the previous revision " + Durations.format(plan.scaleDownDelay()) + " after the switch");
            return steps;
        }

        /**
         * A safety net under every stage: the active Service never moves to a revision with no available pod while the
         * one it points at has some (e.g. a newer revision arriving while blue is still scaling back up after an abort).
         */
        private void keepActiveOnServingPods() {
            String written = in.status() == null || in.status().blueGreen == null ? null : in.status().blueGreen.activeSelector;
            String wanted = bg.activeSelector;
            if (written == null || written.equals(wanted) || facts(wanted).availableReplicas() > 0
                    || facts(written).availableReplicas() == 0) {
                return;
            }
            bg.activeSelector = written;
            s.message = s.message + " (active " + plan.activeService() + " stays on " + written + " until " + wanted
                    + " has available pods)";
        }

        // --- revisions

        private void firstRevision(String hash) {
            s.stableRS = hash;
            s.currentPodHash = hash;
            s.currentStepIndex = 0;
            s.lastProgressAt = now.toString();
            s.phase = Phase.Progressing.name();
            bg.activeSelector = hash;
            bg.previewSelector = hash;
            s.message = "first revision " + hash + " becomes active without a preview";
            publish(new RevisionDetected(id(), uid(), hash, 0, next(), now, null, STRATEGY));
        }

        private void newRevision(String hash) {
            BlueGreenStage before = BlueGreenStage.of(s);
            cancelRuns("revision " + hash + " replaced " + s.currentPodHash);
            if (before == BlueGreenStage.SWITCHED) {
                // green already serves everything: it becomes the revision the next one is compared with
                s.stableRS = s.currentPodHash;
            }
            s.currentPodHash = hash;
            s.currentStepIndex = 0;
            s.abort = null;
            s.abortedAt = null;
            s.promoteFull = null;
            s.retryCount = null;
            s.pauseConditions.removeIf(p -> !Statuses.PAUSE_COMMAND.equals(p.reason));
            resetRevision();
            s.lastProgressAt = now.toString();
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "NewReplicaSet", "revision " + hash + " is rolling out", now);
            if (hash.equals(s.stableRS)) {
                s.message = "template returned to the active revision " + hash + "; preview dropped";
                return;
            }
            s.phase = Phase.Progressing.name();
            s.message = "revision " + hash + " detected";
            publish(new RevisionDetected(id(), uid(), hash, 0, next(), now, s.stableRS, STRATEGY));
        }

        private void resetRevision() {
            bg.previewReadyAt = null;
            bg.promotedAt = null;
            bg.promotedBy = null;
            bg.promotionRequested = null;
            bg.switchedAt = null;
            bg.switchedBackAt = null;
            bg.prePromotionAnalysisRun = null;
            bg.postPromotionAnalysisRun = null;
        }

        // --- commands (recorded in status by the inbox or REST, consumed here)

        private void applyCommands() {
            for (PendingCommand c : s.pendingCommands) {
                if (c.id != null) {
                    s.recentCommandIds.add(c.id);
                }
                String dropped = Statuses.dropReason(c, s.currentPodHash, now, StepEngine.COMMAND_EXPIRY);
                if (dropped != null) {
                    Statuses.setCondition(s, Statuses.COMMAND_DROPPED, true, "CommandDropped", dropped, now);
                    continue;
                }
                String who = c.requestedBy == null ? "a command" : c.requestedBy;
                String why = c.reason == null ? "" : ": " + c.reason;
                BlueGreenStage stage = BlueGreenStage.of(s);
                boolean inFlight = stage == BlueGreenStage.PREVIEW || stage == BlueGreenStage.PROMOTING
                        || stage == BlueGreenStage.SWITCHED;
                switch (c.command) {
                    case "abort" -> {
                        if (inFlight) {
                            abort("aborted by " + who + why + switchBackNote(), null, null);
                        }
                    }
                    case "retry" -> {
                        if (stage == BlueGreenStage.ABORTED && s.stableRS.equals(bg.activeSelector)) {
                            retry();
                        }
                    }
                    case "promote" -> {
                        if (stage == BlueGreenStage.PREVIEW || stage == BlueGreenStage.SWITCHED) {
                            bg.promotionRequested = true;
                            bg.promotedBy = "promoted by " + who;
                            s.pauseConditions.removeIf(p -> PAUSE_BLUE_GREEN.equals(p.reason)
                                    || Statuses.PAUSE_INCONCLUSIVE.equals(p.reason));
                        }
                    }
                    case "promote-full" -> {
                        if (inFlight) {
                            s.promoteFull = true;
                            bg.promotionRequested = true;
                            bg.promotedBy = "fully promoted by " + who;
                            s.pauseConditions.clear();
                            cancelRuns("skipped by promote-full");
                        }
                    }
                    case "pause" -> {
                        if (Statuses.pause(s, Statuses.PAUSE_COMMAND).isEmpty()) {
                            Statuses.addPause(s, Statuses.PAUSE_COMMAND, now, null);
                            publish(new RolloutPaused(id(), uid(), s.currentPodHash, 0, next(), now, Statuses.PAUSE_COMMAND, null));
                        }
                    }
                    case "resume" -> s.pauseConditions.removeIf(p -> Statuses.PAUSE_COMMAND.equals(p.reason));
                    default -> {
                    }
                }
            }
            s.pendingCommands.clear();
            while (s.recentCommandIds.size() > COMMAND_MEMORY) {
                s.recentCommandIds.remove(0);
            }
        }

        private void retry() {
            s.abort = null;
            s.abortedAt = null;
            s.retryCount = (s.retryCount == null ? 0 : s.retryCount) + 1;
            resetRevision();
            s.lastProgressAt = now.toString();
            s.phase = Phase.Progressing.name();
            s.message = "revision " + s.currentPodHash + " retried";
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "RolloutRetried", s.message, now);
        }

        // --- abort

        private void abort(String reason, String metric, String value) {
            s.abort = true;
            s.abortedAt = now.toString();
            s.message = reason;
            s.phase = Phase.Degraded.name();
            s.promoteFull = null;
            s.pauseConditions.clear();
            cancelRuns("aborted");
            Statuses.setCondition(s, Statuses.PROGRESSING, false, "RolloutAborted", reason, now);
            publish(new RolloutAborted(id(), uid(), s.currentPodHash, 0, next(), now, reason, metric, value));
        }

        /** What an abort does to production traffic, for the abort's reason. */
        private String switchBackNote() {
            if (s.stableRS.equals(bg.activeSelector)) {
                return "; active " + plan.activeService() + " stays on " + s.stableRS + ", preview removed";
            }
            if (blueStillUp()) {
                return "; switching active " + plan.activeService() + " back to " + s.stableRS + " (still up)";
            }
            return "; " + s.stableRS + " was already scaled down: scaling it back up, active " + plan.activeService()
                    + " stays on " + s.currentPodHash + " until it is available";
        }

        /** Blue can take production traffic back now: within the scale-down window, or fully available again. */
        private boolean blueStillUp() {
            ReplicaSetFacts blue = facts(s.stableRS);
            Instant scaleDownAt = time(bg.scaleDownAt);
            boolean inWindow = scaleDownAt != null && now.isBefore(scaleDownAt) && blue.availableReplicas() > 0;
            return inWindow || (blue.availableReplicas() >= plan.replicas() && blue.replicas() >= plan.replicas());
        }

        private void aborted() {
            s.phase = Phase.Degraded.name();
            String reason = Statuses.condition(s, Statuses.PROGRESSING).filter(c -> "RolloutAborted".equals(c.reason))
                    .map(c -> c.message).orElse(s.message);
            bg.previewSelector = s.stableRS;
            boolean activeHome = s.stableRS.equals(bg.activeSelector);
            String state = "";
            if (!activeHome) {
                if (blueStillUp()) {
                    bg.activeSelector = s.stableRS;
                    bg.switchedBackAt = now.toString();
                    activeHome = true;
                } else {
                    ReplicaSetFacts blue = facts(s.stableRS);
                    state = " (waiting for " + s.stableRS + ": " + blue.availableReplicas() + "/" + plan.replicas()
                            + " available)";
                }
            }
            boolean trafficHome = !plan.trafficRouted() || TrafficGate.ensure(s, 0, now, this::wake, this::requestWeight);
            s.message = reason + state;
            greenReleased = activeHome && trafficHome;
        }

        // --- stable: the current revision is the active one

        private void settled() {
            bg.activeSelector = s.stableRS;
            bg.previewSelector = s.stableRS;
            boolean trafficHome = !plan.trafficRouted() || TrafficGate.ensure(s, 0, now, this::wake, this::requestWeight);
            ReplicaSetFacts stable = facts(s.stableRS);
            boolean othersDown = replicaSets.values().stream()
                    .filter(rs -> !rs.hash().equals(s.stableRS)).allMatch(rs -> rs.replicas() == 0);
            if (trafficHome && othersDown && stable.availableReplicas() >= plan.replicas() && stable.replicas() == plan.replicas()) {
                if (!Phase.Healthy.name().equals(s.phase)) {
                    s.phase = Phase.Healthy.name();
                    s.message = "revision " + s.stableRS + " is active on " + plan.activeService() + " and available";
                    Statuses.setCondition(s, Statuses.PROGRESSING, true, "NewReplicaSetAvailable", s.message, now);
                    Statuses.setCondition(s, Statuses.AVAILABLE, true, "AvailableReplicas", s.message, now);
                    publish(new RolloutCompleted(id(), uid(), s.stableRS, 0, next(), now, Phase.Healthy.name(), s.message));
                }
                return;
            }
            s.phase = Phase.Progressing.name();
            if (!trafficHome) {
                return; // the traffic gate said what it waits for
            }
            s.message = !othersDown ? "revision " + s.stableRS + " is active; scaling previous revisions down"
                    : "waiting for pods of " + s.stableRS + " (" + stable.availableReplicas() + "/" + plan.replicas() + " available)";
        }

        // --- preview: green runs beside blue behind the preview Service

        private void preview() {
            s.phase = Phase.Progressing.name();
            bg.activeSelector = s.stableRS;
            if (plan.trafficRouted() && !TrafficGate.ensure(s, 0, now, this::wake, this::requestWeight)) {
                return; // the routers still send traffic to the preview Service: do not re-point it yet
            }
            bg.previewSelector = s.currentPodHash;
            if (held()) {
                return;
            }
            ReplicaSetFacts green = facts(s.currentPodHash);
            int wanted = plan.previewReplicaCount();
            if (green.availableReplicas() < wanted || green.replicas() < wanted) {
                s.message = "preview: waiting for " + wanted + " pod(s) of revision " + s.currentPodHash + " ("
                        + green.availableReplicas() + "/" + wanted + " available)";
                deadlineExceeded();
                return;
            }
            progressedAgain();
            if (bg.previewReadyAt == null) {
                bg.previewReadyAt = now.toString();
            }
            if (!isTrue(s.promoteFull) && plan.prePromotion() != null && !analysisPassed(true)) {
                return;
            }
            if (isTrue(bg.promotionRequested)) {
                promote(bg.promotedBy);
            } else if (!plan.autoPromotionEnabled()) {
                pauseForPromotion(null);
                return;
            } else if (plan.autoPromotionSeconds() != null) {
                PauseCondition p = pauseForPromotion(now.plus(plan.autoPromotionSeconds()));
                Instant until = time(p.until);
                if (now.isBefore(until)) {
                    wake(until);
                    return;
                }
                promote("promoted after autoPromotionSeconds (" + Durations.format(plan.autoPromotionSeconds()) + ")");
            } else {
                promote("promoted automatically");
            }
            promoting();
        }

        /**
         * While the new revision's pods are not available: past {@code progressDeadlineSeconds} since the last progress,
         * abort (with progressDeadlineAbort) or mark the rollout Degraded and keep waiting; before it, wake at it.
         */
        private void deadlineExceeded() {
            Instant last = time(s.lastProgressAt);
            if (last == null) {
                s.lastProgressAt = now.toString();
                return;
            }
            Instant deadline = last.plus(plan.progressDeadline());
            if (now.isBefore(deadline)) {
                wake(deadline);
                return;
            }
            String message = "revision " + s.currentPodHash + " made no progress for " + Durations.format(plan.progressDeadline())
                    + " (" + s.message + ")";
            if (plan.progressDeadlineAbort()) {
                abort(message + switchBackNote(), null, null);
                aborted();
                return;
            }
            Statuses.setCondition(s, Statuses.PROGRESSING, false, "ProgressDeadlineExceeded", message, now);
            s.phase = Phase.Degraded.name();
            s.message = message;
        }

        private void progressedAgain() {
            if (Statuses.hasCondition(s, Statuses.PROGRESSING, "ProgressDeadlineExceeded")) {
                Statuses.setCondition(s, Statuses.PROGRESSING, true, "ReplicaSetUpdated", "revision " + s.currentPodHash
                        + " progressing again", now);
            }
        }

        /** True (and Paused) while spec.paused or a pause command holds the revision before its switch. */
        private boolean held() {
            if (plan.paused() || Statuses.pause(s, Statuses.PAUSE_COMMAND).isPresent()) {
                s.phase = Phase.Paused.name();
                s.message = plan.paused() ? "paused by spec.paused" : "paused by a pause command";
                s.lastProgressAt = now.toString();
                return true;
            }
            return false;
        }

        private PauseCondition pauseForPromotion(Instant untilIfNew) {
            PauseCondition p = Statuses.pause(s, PAUSE_BLUE_GREEN).orElse(null);
            if (p == null) {
                p = Statuses.addPause(s, PAUSE_BLUE_GREEN, now, untilIfNew);
                publish(new RolloutPaused(id(), uid(), s.currentPodHash, 0, next(), now, PAUSE_BLUE_GREEN, untilIfNew));
            }
            s.phase = Phase.Paused.name();
            s.lastProgressAt = now.toString();
            String where = plan.previewService() == null
                    ? "revision " + s.currentPodHash + " is ready (no preview Service)"
                    : "preview " + plan.previewService() + " serves revision " + s.currentPodHash;
            s.message = "waiting for promotion: " + where + (p.until == null ? "" : " (promoted automatically at " + p.until + ")");
            return p;
        }

        private void promote(String by) {
            bg.promotedAt = now.toString();
            bg.promotedBy = by;
            bg.promotionRequested = null;
            s.pauseConditions.removeIf(p -> PAUSE_BLUE_GREEN.equals(p.reason) || Statuses.PAUSE_INCONCLUSIVE.equals(p.reason));
            s.lastProgressAt = now.toString();
        }

        // --- promoting: green scales to full size before the switch

        private void promoting() {
            s.phase = Phase.Progressing.name();
            bg.activeSelector = s.stableRS;
            bg.previewSelector = s.currentPodHash;
            if (held()) {
                return;
            }
            ReplicaSetFacts green = facts(s.currentPodHash);
            if (green.availableReplicas() < plan.replicas() || green.replicas() < plan.replicas()) {
                s.message = bg.promotedBy + ": scaling revision " + s.currentPodHash + " to " + plan.replicas()
                        + " pod(s) before the switch (" + green.availableReplicas() + "/" + plan.replicas() + " available)";
                deadlineExceeded();
                return;
            }
            progressedAgain();
            Instant scaleDownAt = now.plus(plan.scaleDownDelay());
            bg.activeSelector = s.currentPodHash;
            bg.switchedAt = now.toString();
            bg.scaleDownAt = scaleDownAt.toString();
            s.lastProgressAt = now.toString();
            publish(new RolloutPromoted(id(), uid(), s.currentPodHash, 0, next(), now, s.stableRS, isTrue(s.promoteFull)));
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "ActiveServiceSwitched",
                    "active " + plan.activeService() + " switched from " + s.stableRS + " to " + s.currentPodHash, now);
            switched();
        }

        // --- switched: green serves production, blue is kept for an instant switch-back

        private void switched() {
            s.phase = Phase.Progressing.name();
            bg.activeSelector = s.currentPodHash;
            bg.previewSelector = s.currentPodHash;
            Instant scaleDownAt = time(bg.scaleDownAt);
            if (plan.trafficRouted() && !TrafficGate.ensure(s, 100, now, this::wake, this::requestWeight)) {
                wake(scaleDownAt);
                return;
            }
            if (!isTrue(s.promoteFull) && plan.postPromotion() != null && !analysisPassed(false)) {
                return;
            }
            if (now.isBefore(scaleDownAt)) {
                s.message = "active " + plan.activeService() + " serves revision " + s.currentPodHash + " since "
                        + bg.switchedAt + "; " + s.stableRS + " kept until " + scaleDownAt + " for an instant switch-back";
                wake(scaleDownAt);
                return;
            }
            s.stableRS = s.currentPodHash;
            s.promoteFull = null;
            s.lastProgressAt = now.toString();
            settled();
        }

        // --- analysis

        /** Starts or reads the pre- or post-promotion run; true when it passed (or a person accepted it). */
        private boolean analysisPassed(boolean pre) {
            String label = pre ? "prePromotionAnalysis" : "postPromotionAnalysis";
            AnalysisRunStatusRef ref = pre ? bg.prePromotionAnalysisRun : bg.postPromotionAnalysisRun;
            Instant unanswered = ref == null ? null : Statuses.unansweredAt(ref);
            if (unanswered != null && now.isBefore(unanswered)) {
                wake(unanswered);
            } else if (unanswered != null) {
                publish(new AnalysisCancelRequested(id(), uid(), s.currentPodHash, 0, next(), now, ref.name,
                        "no answer within " + Durations.format(Statuses.ANALYSIS_ANSWER_BOUND) + "; requested again"));
                ref = null;
            }
            if (ref == null) {
                ref = requestAnalysis(pre ? "pre" : "post", pre ? AnalysisRequested.Kind.PRE_PROMOTION : AnalysisRequested.Kind.POST_PROMOTION,
                        pre ? plan.prePromotion() : plan.postPromotion());
                if (pre) {
                    bg.prePromotionAnalysisRun = ref;
                } else {
                    bg.postPromotionAnalysisRun = ref;
                }
            }
            s.lastProgressAt = now.toString();
            String run = ref.name;
            String phase = ref.phase == null ? "Pending" : ref.phase;
            switch (phase) {
                case "Successful" -> {
                    return true;
                }
                case "Failed", "Error" -> {
                    abort(Statuses.verdictMessage(label + " " + run, ref) + switchBackNote(), ref.metricName, ref.value);
                    aborted();
                    return false;
                }
                case "Inconclusive" -> {
                    if (isTrue(bg.promotionRequested)) {
                        return true;
                    }
                    if (Statuses.pause(s, Statuses.PAUSE_INCONCLUSIVE).isEmpty()) {
                        Statuses.addPause(s, Statuses.PAUSE_INCONCLUSIVE, now, null);
                        publish(new RolloutPaused(id(), uid(), s.currentPodHash, 0, next(), now, Statuses.PAUSE_INCONCLUSIVE, null));
                    }
                    Statuses.markInconclusive(s, Statuses.verdictMessage(label + " " + run, ref), in.rollout().name(), now);
                    wakeAtScaleDown();
                    return false;
                }
                default -> {
                    s.message = "waiting for the verdict of " + label + " " + run + (pre ? " against preview " + previewName()
                            : " while " + s.stableRS + blueWindow());
                    wakeAtScaleDown();
                    return false;
                }
            }
        }

        private String previewName() {
            return plan.previewService() == null ? "revision " + s.currentPodHash : plan.previewService();
        }

        private String blueWindow() {
            Instant scaleDownAt = time(bg.scaleDownAt);
            return scaleDownAt != null && now.isBefore(scaleDownAt) ? " is kept until " + scaleDownAt
                    : " is scaled down (a failure now scales it back up before switching back)";
        }

        private void wakeAtScaleDown() {
            Instant scaleDownAt = time(bg.scaleDownAt);
            if (bg.switchedAt != null && scaleDownAt != null && now.isBefore(scaleDownAt)) {
                wake(scaleDownAt);
            }
        }

        private AnalysisRunStatusRef requestAnalysis(String what, AnalysisRequested.Kind kind, AnalysisSpec spec) {
            long sequence = next();
            String run = Statuses.runName(in.rollout().name(), s.currentPodHash, sequence, what);
            publish(new AnalysisRequested(id(), uid(), s.currentPodHash, 0, sequence, now, run, kind, spec.templates(),
                    spec.resolvedArgs(s.stableRS, s.currentPodHash), spec.builtInMetrics(), plan.metricsProvider(),
                    plan.activeService(), plan.previewService(),
                    s.stableRS, s.currentPodHash, in.rollout().successfulRunHistoryLimit(),
                    in.rollout().unsuccessfulRunHistoryLimit()));
            return Statuses.requestedRun(run, sequence, now);
        }

        private void cancelRuns(String reason) {
            for (AnalysisRunStatusRef ref : new AnalysisRunStatusRef[] {bg.prePromotionAnalysisRun, bg.postPromotionAnalysisRun}) {
                if (ref != null && !Statuses.finished(ref)) {
                    publish(new AnalysisCancelRequested(id(), uid(), s.currentPodHash, 0, next(), now, ref.name, reason));
                    ref.phase = "Cancelled";
                }
            }
        }

        // --- traffic (only with trafficRouting: the routers carry the switch too)

        private void requestWeight(int weight) {
            long sequence = next();
            publish(new TrafficShiftRequested(id(), uid(), s.currentPodHash, 0, sequence, now, weight, plan.routing(),
                    plan.activeService(), plan.previewService(), s.stableRS, s.currentPodHash, List.of()));
            s.canary.requestedWeight = weight;
            s.canary.requestedSequence = sequence;
            s.canary.requestedAt = now.toString();
            s.canary.shiftRetryAt = null;
        }

        // --- replicas

        private void scale() {
            Map<String, Integer> want = new LinkedHashMap<>();
            String blue = s.stableRS;
            String green = s.currentPodHash;
            switch (BlueGreenStage.of(s)) {
                case STABLE -> want.put(blue, plan.replicas());
                case PREVIEW -> {
                    want.put(blue, plan.replicas());
                    want.put(green, plan.previewReplicaCount());
                }
                case PROMOTING -> {
                    want.put(blue, plan.replicas());
                    want.put(green, plan.replicas());
                }
                case SWITCHED -> {
                    want.put(green, plan.replicas());
                    Instant scaleDownAt = time(bg.scaleDownAt);
                    boolean keep = now.isBefore(scaleDownAt);
                    want.put(blue, keep ? plan.replicas() : 0);
                    if (keep) {
                        wake(scaleDownAt);
                    }
                }
                case ABORTED -> {
                    want.put(blue, plan.replicas());
                    want.put(green, greenReleased ? 0 : facts(green).replicas());
                }
            }
            Instant scaleDownAt = time(bg.scaleDownAt);
            boolean delayOver = scaleDownAt == null || !now.isBefore(scaleDownAt);
            for (ReplicaSetFacts rs : replicaSets.values()) {
                if (!want.containsKey(rs.hash()) && rs.replicas() > 0) {
                    if (delayOver) {
                        want.put(rs.hash(), 0);
                    } else {
                        wake(scaleDownAt);
                    }
                }
            }
            want.forEach((hash, replicas) -> {
                ReplicaSetFacts rs = replicaSets.get(hash);
                if (rs == null ? hash.equals(green) && replicas > 0 : rs.replicas() != replicas) {
                    scaling.add(new Decision.ScaleReplicaSet(hash, replicas));
                }
            });
        }

        private void summarise() {
            Statuses.countReplicas(s, replicaSets.values());
        }

        // --- small helpers

        private ReplicaSetFacts facts(String hash) {
            ReplicaSetFacts rs = replicaSets.get(hash);
            return rs == null ? ReplicaSetFacts.absent(hash) : rs;
        }

        private long next() {
            return Statuses.nextSequence(s);
        }

        private void publish(RolloutStepEvent event) {
            events.add(new Decision.Publish(event));
        }

        private void wake(Instant at) {
            if (at != null && (wakeAt == null || at.isBefore(wakeAt))) {
                wakeAt = at;
            }
        }

        private String id() {
            return in.rollout().id();
        }

        private String uid() {
            return in.rollout().uid();
        }
    }
}
