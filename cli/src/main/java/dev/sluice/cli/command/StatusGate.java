package dev.sluice.cli.command;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.cli.render.RolloutTree;
import java.util.Objects;

/** {@code kubectl sluice status}: when a rollout is done, and the line printed on each change. Pure. */
public final class StatusGate {
    private StatusGate() {
    }

    /** HEALTHY exits 0, DEGRADED and INVALID exit 1, WAITING keeps waiting (exit 2 at the timeout). */
    public enum Verdict {
        WAITING(-1), HEALTHY(0), DEGRADED(1), INVALID(1);

        public final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    public static Verdict verdict(Rollout r) {
        RolloutStatus st = r.getStatus();
        if (st == null) {
            return Verdict.WAITING;
        }
        String phase = RolloutTree.displayPhase(st);
        if (phase.equals("InvalidSpec")) {
            return Verdict.INVALID;
        }
        // a status written for an older generation says nothing about the spec just applied
        Long generation = r.getMetadata().getGeneration();
        boolean current = generation == null || st.observedGeneration == null || st.observedGeneration >= generation;
        if (!current) {
            return Verdict.WAITING;
        }
        return switch (phase) {
            case "Healthy" -> Verdict.HEALTHY;
            case "Degraded" -> Verdict.DEGRADED;
            default -> Verdict.WAITING;
        };
    }

    /**
     * e.g. {@code Paused - step 2/4 - CanaryPauseStep}; printed whenever it differs from the previous line. An
     * Inconclusive pause reads {@code Paused (InconclusiveAnalysis) - ... - <hint>}: a transition, not a failure (WAITING).
     */
    public static String line(Rollout r) {
        RolloutStatus st = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        StringBuilder b = new StringBuilder(RolloutTree.statusLabel(st));
        int steps = RolloutTree.stepCount(r);
        if (steps > 0 && st.currentStepIndex != null) {
            b.append(" - step ").append(Math.min(st.currentStepIndex, steps)).append('/').append(steps);
        }
        if (st.canary != null && st.canary.weight != null && steps > 0) {
            b.append(" - weight ").append(st.canary.weight);
        }
        if (st.message != null && !st.message.isBlank()) {
            b.append(" - ").append(st.message);
        }
        if (RolloutTree.inconclusive(st)) {
            b.append(" - ").append(RolloutTree.inconclusiveHint(r.getMetadata().getName()));
        }
        return Objects.toString(b);
    }
}
