package dev.sluice.notify.decide;

import java.util.Arrays;
import java.util.Optional;

/**
 * The moments a person can subscribe to, named like Argo Rollouts' notification triggers where Argo has one
 * ({@code on-rollout-updated}, {@code on-rollout-paused}, {@code on-rollout-aborted}, {@code on-rollout-completed},
 * {@code on-analysis-run-failed}, {@code on-analysis-run-error}). {@link Outcome} picks the colour of the message.
 */
public enum Trigger {
    ROLLOUT_UPDATED("on-rollout-updated", Outcome.INFO, "new revision detected"),
    STEP_STARTED("on-rollout-step-started", Outcome.INFO, "step started"),
    ROLLOUT_PAUSED("on-rollout-paused", Outcome.WARNING, "paused"),
    ROLLOUT_PROMOTED("on-rollout-promoted", Outcome.GOOD, "promoted"),
    ROLLOUT_COMPLETED("on-rollout-completed", Outcome.GOOD, "completed"),
    ROLLOUT_DEGRADED("on-rollout-degraded", Outcome.BAD, "degraded"),
    ROLLOUT_ABORTED("on-rollout-aborted", Outcome.BAD, "aborted"),
    PROGRESS_DEADLINE_EXCEEDED("on-rollout-progress-deadline-exceeded", Outcome.BAD, "progress deadline exceeded"),
    ANALYSIS_FAILED("on-analysis-run-failed", Outcome.BAD, "analysis failed"),
    ANALYSIS_ERROR("on-analysis-run-error", Outcome.BAD, "analysis error"),
    ANALYSIS_INCONCLUSIVE("on-analysis-run-inconclusive", Outcome.WARNING, "analysis inconclusive"),
    TRAFFIC_SHIFT_FAILED("on-traffic-shift-failed", Outcome.BAD, "traffic shift failed"),
    ZERO_DOWNTIME_FINDINGS("on-rollout-zero-downtime-findings", Outcome.WARNING, "has zero-downtime findings");

    /** good = green, bad = red, warning = amber, info = blue. */
    public enum Outcome { GOOD, BAD, WARNING, INFO }

    private final String key;
    private final Outcome outcome;
    private final String what;

    Trigger(String key, Outcome outcome, String what) {
        this.key = key;
        this.outcome = outcome;
        this.what = what;
    }

    /** The name in annotations and the ConfigMap, e.g. {@code on-rollout-aborted}. */
    public String key() {
        return key;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** What happened, as the end of a sentence: "shop/checkout aborted". */
    public String what() {
        return what;
    }

    public static Optional<Trigger> byKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
