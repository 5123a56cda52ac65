package dev.sluice.notify.decide;

import dev.sluice.events.AbortCause;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.ZeroDowntimeFindings;
import java.time.Instant;
import java.util.List;

/** Events of rollout shop/checkout, one per kind, for the tables. */
public final class Samples {
    public static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    public static final String ID = "shop/checkout";

    private Samples() {
    }

    public static RolloutAborted abortedByMetric() {
        return new RolloutAborted(ID, "uid-1", "7c9f", 2, 9, T,
                "metric error-rate failed: value 0.12 breaks result < 0.05", "error-rate", "0.12", AbortCause.Analysis);
    }

    public static RolloutAborted abortedByDeadline() {
        return new RolloutAborted(ID, "uid-1", "7c9f", 1, 9, T, "revision 7c9f made no progress for 10m at step 1", null, null,
                AbortCause.ProgressDeadlineExceeded);
    }

    /** An abort as a controller older than {@code cause} sent it. */
    public static RolloutAborted abortedWithoutCause(String reason) {
        return new RolloutAborted(ID, "uid-1", "7c9f", 1, 9, T, reason, null, null);
    }

    public static RolloutAborted abortedByCommand(String reason) {
        return new RolloutAborted(ID, "uid-1", "7c9f", 1, 9, T, reason, null, null, AbortCause.Command);
    }

    public static ZeroDowntimeFindings findings() {
        return new ZeroDowntimeFindings(ID, "uid-1", "7c9f", T, 2, 1, List.of(
                new ZeroDowntimeFindings.Finding("readiness-probe", "error", "Rollout shop/checkout",
                        "spec.template.spec.containers[checkout].readinessProbe", "missing"),
                new ZeroDowntimeFindings.Finding("pdb-allows-drain", "error", "PodDisruptionBudget shop/checkout",
                        "spec.minAvailable", "4 allows no eviction at 4 replicas: a node drain never completes"),
                new ZeroDowntimeFindings.Finding("min-ready-seconds", "warning", "Rollout shop/checkout", "spec.minReadySeconds",
                        "unset: a pod that crashes right after turning ready already counted as available")));
    }

    public static RevisionDetected revision() {
        return new RevisionDetected(ID, "uid-1", "7c9f", 0, 1, T, "5d21", "canary");
    }

    public static StepStarted step() {
        return new StepStarted(ID, "uid-1", "7c9f", 1, 3, T, "setWeight: 20");
    }

    /** The pause the controller makes on an Inconclusive verdict: no end, reason InconclusiveAnalysis. */
    public static RolloutPaused pausedInconclusive() {
        return new RolloutPaused(ID, "uid-1", "7c9f", 2, 4, T, "InconclusiveAnalysis", null);
    }

    public static RolloutPaused paused() {
        return new RolloutPaused(ID, "uid-1", "7c9f", 2, 4, T, "CanaryPauseStep", null);
    }

    public static RolloutPromoted promoted() {
        return new RolloutPromoted(ID, "uid-1", "7c9f", 4, 8, T, "5d21", false);
    }

    public static RolloutCompleted completed(String phase) {
        return new RolloutCompleted(ID, "uid-1", "7c9f", 4, 10, T, phase, "Rollout is " + phase);
    }

    public static AnalysisCompleted analysis(AnalysisPhase phase) {
        return new AnalysisCompleted(ID, "uid-1", "7c9f", "checkout-7c9f-2", 5, phase,
                phase == AnalysisPhase.Successful ? null : "error-rate", "0.12", "metric error-rate: " + phase, T);
    }

    public static TrafficShiftFailed shiftFailed() {
        return new TrafficShiftFailed(ID, "uid-1", "7c9f", 1, 3, T, 20, "istio", "VirtualService shop/checkout",
                "route primary not found in VirtualService shop/checkout", false);
    }
}
