package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The phase of an analysis run as a Rollout records it ({@code status.canary.currentStepAnalysisRun.phase} and the
 * blue-green pre/post runs), stored as today's strings. Pending until the verdict arrives; Successful, Failed, Error
 * and Inconclusive are the verdicts analysis-svc sends; Cancelled is set by the controller when it cancels a run it
 * no longer needs. {@link #Unknown} stands for a stored value this version does not know: like every phase but
 * Pending and Running it counts as finished (no verdict is recorded over it), and the engines do not act on it.
 */
public enum RunPhase {
    Pending, Running, Successful, Failed, Error, Inconclusive, Cancelled, Unknown;

    @JsonValue
    public String value() {
        return name();
    }

    /** True once the run will not change again: a verdict, a cancel (or a value this version does not know). */
    public boolean finished() {
        return this != Pending && this != Running;
    }

    /** True for a verdict that fails the revision. */
    public boolean failed() {
        return this == Failed || this == Error;
    }

    /** The phase for a stored string; {@link #Unknown} for one this version does not know, null for null. */
    @JsonCreator
    public static RunPhase of(String value) {
        return value == null ? null : StatusValues.parse(RunPhase.class, value, RunPhase::value, Unknown);
    }
}
