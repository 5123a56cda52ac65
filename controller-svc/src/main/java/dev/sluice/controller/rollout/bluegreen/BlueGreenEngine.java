package dev.sluice.controller.rollout.bluegreen;

import static dev.sluice.controller.rollout.Statuses.isTrue;
import static dev.sluice.controller.rollout.Statuses.time;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus.BlueGreenStatus;
import dev.sluice.api.rollout.RolloutStatus.PauseCondition;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Durations;
import dev.sluice.controller.rollout.EnginePass;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.RollbackWindow;
import dev.sluice.controller.rollout.RolloutNotes;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.rollout.StepEngine;
import dev.sluice.events.AbortCause;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import java.time.Instant;
import java.util.ArrayList;
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
 * An abort returns the active selector to blue (scaling blue back up first if the delay had passed) and, once both
 * the selector and the routers are back on blue, scales green down {@code abortScaleDownDelaySeconds} after the abort
 * (never with 0; the preview Service points at blue again at once, as in Argo).
 *
 * <p>Decisions are listed in the order to carry them out: the Service selectors first (so a switch back happens
 * before green scales down), then ReplicaSets, then events, then the next reconcile.
 */
public final class BlueGreenEngine {
    public static final String PAUSE_BLUE_GREEN = "BlueGreenPause";
    public static final String STRATEGY = "blueGreen";

    private BlueGreenEngine() {
    }

    public static Outcome decide(BlueGreenInput in) {
        return new Pass(in).run();
    }

    private static final class Pass {
        private final BlueGreenInput in;
        private final BlueGreenPlan plan;
        private final EnginePass p;
        private final RolloutStatus s;
        private final BlueGreenStatus bg;
        private final Instant now;
        private final List<Decision> scaling = new ArrayList<>();
        /** Aborted: green may scale down (the active Service and the routers are back on blue). */
        private boolean greenReleased;

        Pass(BlueGreenInput in) {
            this.in = in;
            this.plan = in.plan();
            this.p = new EnginePass(in.rollout(), in.status(), in.replicaSets(), in.now(), new EnginePass.Target(plan.routing(),
                    plan.activeService(), plan.previewService(), plan.metricsProvider(), STRATEGY), () -> 0);
            this.s = p.s;
            if (s.blueGreen == null) {
                s.blueGreen = new BlueGreenStatus();
            }
            this.bg = s.blueGreen;
            this.now = in.now();
        }

        Outcome run() {
            p.observed(describePlan());
            String hash = in.templateHash();
            if (s.stableRS == null) {
                firstRevision(hash);
            } else if (!hash.equals(s.currentPodHash)) {
                newRevision(hash);
            }
            applyCommands();
            fastTrackRollback();
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
            out.addAll(p.decisions());
            p.requeue().ifPresent(out::add);
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
            if (written == null || written.equals(wanted) || p.facts(wanted).availableReplicas() > 0
                    || p.facts(written).availableReplicas() == 0) {
                return;
            }
            bg.activeSelector = written;
            s.message = s.message + " (active " + plan.activeService() + " stays on " + written + " until " + wanted
                    + " has available pods)";
        }

        // --- revisions

        private void firstRevision(String hash) {
            bg.activeSelector = hash;
            bg.previewSelector = hash;
            p.firstRevision(hash, 0, "first revision " + hash + " becomes active without a preview");
        }

        private void newRevision(String hash) {
            BlueGreenStage before = BlueGreenStage.of(s);
            cancelRuns("revision " + hash + " replaced " + s.currentPodHash);
            if (before == BlueGreenStage.SWITCHED) {
                // green already serves everything: it becomes the revision the next one is compared with
                s.stableRS = s.currentPodHash;
            }
            s.currentStepIndex = 0;
            p.newRevision(hash);
            resetRevision();
            if (hash.equals(s.stableRS)) {
                s.message = "template returned to the active revision " + hash + "; preview dropped";
                return;
            }
            p.revisionDetected(hash);
        }

        /**
         * Argo's rollbackWindow, asked on every pass of a preview: a rollback within the window is promoted fully at once
         * (no pause for promotion, no pre- or post-promotion analysis), as a promote-full would.
         */
        private void fastTrackRollback() {
            if (BlueGreenStage.of(s) != BlueGreenStage.PREVIEW || isTrue(s.promoteFull)) {
                return;
            }
            RollbackWindow.fastTrack(plan.rollbackWindow(), s.currentPodHash, s.stableRS, p.replicaSets()).ifPresent(reason -> {
                s.promoteFull = true;
                bg.promotionRequested = true;
                bg.promotedBy = reason + " (fast-tracked rollback: no preview pause, no analysis)";
                s.pauseConditions.removeIf(c -> !Statuses.PAUSE_COMMAND.equals(c.reason));
                cancelRuns("skipped: " + reason);
                Statuses.setCondition(s, Statuses.PROGRESSING, true, RolloutNotes.ROLLBACK_WITHIN_WINDOW, bg.promotedBy, now);
            });
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
            p.applyCommands((command, who, why) -> {
                BlueGreenStage stage = BlueGreenStage.of(s);
                boolean inFlight = stage == BlueGreenStage.PREVIEW || stage == BlueGreenStage.PROMOTING
                        || stage == BlueGreenStage.SWITCHED;
                switch (command) {
                    case ABORT -> {
                        if (inFlight) {
                            abort("aborted by " + who + why + switchBackNote(), null, null, AbortCause.Command);
                        }
                    }
                    case RETRY -> {
                        if (stage == BlueGreenStage.ABORTED && s.stableRS.equals(bg.activeSelector)) {
                            p.retry(this::resetRevision);
                        }
                    }
                    case PROMOTE -> {
                        if (stage == BlueGreenStage.PREVIEW || stage == BlueGreenStage.SWITCHED) {
                            bg.promotionRequested = true;
                            bg.promotedBy = "promoted by " + who;
                            s.pauseConditions.removeIf(c -> PAUSE_BLUE_GREEN.equals(c.reason)
                                    || Statuses.PAUSE_INCONCLUSIVE.equals(c.reason));
                        }
                    }
                    case PROMOTE_FULL -> {
                        if (inFlight) {
                            s.promoteFull = true;
                            bg.promotionRequested = true;
                            bg.promotedBy = "fully promoted by " + who;
                            s.pauseConditions.clear();
                            cancelRuns("skipped by promote-full");
                        }
                    }
                    default -> {
                    }
                }
            });
        }

        // --- abort

        private void abort(String reason, String metric, String value, AbortCause cause) {
            p.abort(reason, metric, value, cause, () -> cancelRuns("aborted"));
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
            ReplicaSetFacts blue = p.facts(s.stableRS);
            Instant scaleDownAt = time(bg.scaleDownAt);
            boolean inWindow = scaleDownAt != null && now.isBefore(scaleDownAt) && blue.availableReplicas() > 0;
            return inWindow || (blue.availableReplicas() >= plan.replicas() && blue.replicas() >= plan.replicas());
        }

        private void aborted() {
            s.phase = RolloutPhase.Degraded;
            String reason = p.abortReason();
            bg.previewSelector = s.stableRS;
            boolean activeHome = s.stableRS.equals(bg.activeSelector);
            String state = "";
            if (!activeHome) {
                if (blueStillUp()) {
                    bg.activeSelector = s.stableRS;
                    bg.switchedBackAt = now.toString();
                    activeHome = true;
                } else {
                    ReplicaSetFacts blue = p.facts(s.stableRS);
                    state = " (waiting for " + s.stableRS + ": " + blue.availableReplicas() + "/" + plan.replicas()
                            + " available)";
                }
            }
            boolean trafficHome = !plan.trafficRouted() || p.trafficAt(0);
            greenReleased = activeHome && trafficHome;
            Instant greenDownAt = greenScaleDownAt();
            if (greenReleased && p.facts(s.currentPodHash).replicas() > 0) {
                if (greenDownAt == null) {
                    state = " (preview " + s.currentPodHash + " kept up: abortScaleDownDelaySeconds is 0)";
                } else if (now.isBefore(greenDownAt)) {
                    state = " (preview " + s.currentPodHash + " kept until " + greenDownAt + ")";
                    p.wake(greenDownAt);
                }
            }
            s.message = reason + state;
        }

        /**
         * When an aborted preview may scale down: {@code abortScaleDownDelaySeconds} after the abort, or null when it
         * stays up (0). A status without an abort time (written before the field existed) scales down at once.
         */
        private Instant greenScaleDownAt() {
            Instant abortedAt = time(s.abortedAt);
            if (plan.abortScaleDownDelay() == null) {
                return null;
            }
            return abortedAt == null ? now : abortedAt.plus(plan.abortScaleDownDelay());
        }

        // --- stable: the current revision is the active one

        private void settled() {
            bg.activeSelector = s.stableRS;
            bg.previewSelector = s.stableRS;
            boolean trafficHome = !plan.trafficRouted() || p.trafficAt(0);
            ReplicaSetFacts stable = p.facts(s.stableRS);
            boolean othersDown = p.replicaSets().stream()
                    .filter(rs -> !rs.hash().equals(s.stableRS)).allMatch(rs -> rs.replicas() == 0);
            if (trafficHome && othersDown && stable.availableReplicas() >= plan.replicas() && stable.replicas() == plan.replicas()) {
                p.healthy("revision " + s.stableRS + " is active on " + plan.activeService() + " and available");
                return;
            }
            s.phase = RolloutPhase.Progressing;
            if (!trafficHome) {
                return; // the traffic gate said what it waits for
            }
            s.message = !othersDown ? "revision " + s.stableRS + " is active; scaling previous revisions down"
                    : "waiting for pods of " + s.stableRS + " (" + stable.availableReplicas() + "/" + plan.replicas() + " available)";
        }

        // --- preview: green runs beside blue behind the preview Service

        private void preview() {
            s.phase = RolloutPhase.Progressing;
            bg.activeSelector = s.stableRS;
            if (plan.trafficRouted() && !p.trafficAt(0)) {
                return; // the routers still send traffic to the preview Service: do not re-point it yet
            }
            bg.previewSelector = s.currentPodHash;
            if (held()) {
                return;
            }
            ReplicaSetFacts green = p.facts(s.currentPodHash);
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
                PauseCondition pause = pauseForPromotion(now.plus(plan.autoPromotionSeconds()));
                Instant until = time(pause.until);
                if (now.isBefore(until)) {
                    p.wake(until);
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
            if (!p.deadlinePassed(plan.progressDeadline())) {
                return;
            }
            String message = "revision " + s.currentPodHash + " made no progress for " + Durations.format(plan.progressDeadline())
                    + " (" + s.message + ")";
            if (plan.progressDeadlineAbort()) {
                abort(message + switchBackNote(), null, null, AbortCause.ProgressDeadlineExceeded);
                aborted();
                return;
            }
            Statuses.setCondition(s, Statuses.PROGRESSING, false, "ProgressDeadlineExceeded", message, now);
            s.phase = RolloutPhase.Degraded;
            s.message = message;
        }

        private void progressedAgain() {
            p.progressedAgain("revision " + s.currentPodHash + " progressing again");
        }

        /** True (and Paused) while spec.paused or a pause command holds the revision before its switch. */
        private boolean held() {
            return p.held(plan.paused());
        }

        private PauseCondition pauseForPromotion(Instant untilIfNew) {
            PauseCondition pause = Statuses.pause(s, PAUSE_BLUE_GREEN).orElse(null);
            if (pause == null) {
                pause = Statuses.addPause(s, PAUSE_BLUE_GREEN, now, untilIfNew);
                p.publish(new RolloutPaused(p.id(), p.uid(), s.currentPodHash, 0, p.next(), now, PAUSE_BLUE_GREEN, untilIfNew));
            }
            s.phase = RolloutPhase.Paused;
            s.lastProgressAt = now.toString();
            String where = plan.previewService() == null
                    ? "revision " + s.currentPodHash + " is ready (no preview Service)"
                    : "preview " + plan.previewService() + " serves revision " + s.currentPodHash;
            s.message = "waiting for promotion: " + where + (pause.until == null ? "" : " (promoted automatically at " + pause.until + ")");
            return pause;
        }

        private void promote(String by) {
            bg.promotedAt = now.toString();
            bg.promotedBy = by;
            bg.promotionRequested = null;
            s.pauseConditions.removeIf(c -> PAUSE_BLUE_GREEN.equals(c.reason) || Statuses.PAUSE_INCONCLUSIVE.equals(c.reason));
            s.lastProgressAt = now.toString();
        }

        // --- promoting: green scales to full size before the switch

        private void promoting() {
            s.phase = RolloutPhase.Progressing;
            bg.activeSelector = s.stableRS;
            bg.previewSelector = s.currentPodHash;
            if (held()) {
                return;
            }
            ReplicaSetFacts green = p.facts(s.currentPodHash);
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
            p.publish(new RolloutPromoted(p.id(), p.uid(), s.currentPodHash, 0, p.next(), now, s.stableRS, isTrue(s.promoteFull)));
            Statuses.setCondition(s, Statuses.PROGRESSING, true, "ActiveServiceSwitched",
                    "active " + plan.activeService() + " switched from " + s.stableRS + " to " + s.currentPodHash, now);
            switched();
        }

        // --- switched: green serves production, blue is kept for an instant switch-back

        private void switched() {
            s.phase = RolloutPhase.Progressing;
            bg.activeSelector = s.currentPodHash;
            bg.previewSelector = s.currentPodHash;
            Instant scaleDownAt = time(bg.scaleDownAt);
            if (plan.trafficRouted() && !p.trafficAt(100)) {
                p.wake(scaleDownAt);
                return;
            }
            if (!isTrue(s.promoteFull) && plan.postPromotion() != null && !analysisPassed(false)) {
                return;
            }
            if (now.isBefore(scaleDownAt)) {
                s.message = "active " + plan.activeService() + " serves revision " + s.currentPodHash + " since "
                        + bg.switchedAt + "; " + s.stableRS + " kept until " + scaleDownAt + " for an instant switch-back";
                p.wake(scaleDownAt);
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
            if (ref == null || p.requestAgain(ref)) {
                ref = p.requestAnalysis(pre ? "pre" : "post", pre ? AnalysisRequested.Kind.PRE_PROMOTION : AnalysisRequested.Kind.POST_PROMOTION,
                        pre ? plan.prePromotion() : plan.postPromotion());
                if (pre) {
                    bg.prePromotionAnalysisRun = ref;
                } else {
                    bg.postPromotionAnalysisRun = ref;
                }
            }
            s.lastProgressAt = now.toString();
            String run = ref.name;
            RunPhase phase = ref.phase == null ? RunPhase.Pending : ref.phase;
            switch (phase) {
                case Successful -> {
                    return true;
                }
                case Failed, Error -> {
                    abort(Statuses.verdictMessage(label + " " + run, ref) + switchBackNote(), ref.metricName, ref.value, AbortCause.Analysis);
                    aborted();
                    return false;
                }
                case Inconclusive -> {
                    if (isTrue(bg.promotionRequested)) {
                        return true;
                    }
                    p.pauseInconclusive(Statuses.verdictMessage(label + " " + run, ref));
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
                p.wake(scaleDownAt);
            }
        }

        private void cancelRuns(String reason) {
            p.cancelUnfinished(reason, bg.prePromotionAnalysisRun, bg.postPromotionAnalysisRun);
        }

        // --- replicas

        private void scale() {
            Map<String, Integer> want = new LinkedHashMap<>();
            Integer olderLimit = plan.scaleDownDelayRevisionLimit();
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
                    Integer limit = plan.scaleDownDelayRevisionLimit();
                    // blue is the newest old revision: it takes the first of scaleDownDelayRevisionLimit's places
                    boolean keep = now.isBefore(scaleDownAt) && (limit == null || limit > 0);
                    want.put(blue, keep ? plan.replicas() : 0);
                    if (keep) {
                        p.wake(scaleDownAt);
                    }
                    olderLimit = limit == null ? null : Math.max(0, limit - 1);
                }
                case ABORTED -> {
                    want.put(blue, plan.replicas());
                    Instant greenDownAt = greenScaleDownAt();
                    boolean greenDown = greenReleased && greenDownAt != null && !now.isBefore(greenDownAt);
                    want.put(green, greenDown ? 0 : p.facts(green).replicas());
                }
            }
            scaling.addAll(p.scale(want, green, time(bg.scaleDownAt), false, olderLimit));
        }

        private void summarise() {
            Statuses.countReplicas(s, p.replicaSets());
        }
    }
}
