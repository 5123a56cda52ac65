package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The phase of a Rollout ({@code status.phase}), stored as today's strings. Allowed transitions:
 * <ul>
 * <li>Progressing → Paused (pause step, inconclusive analysis, pause command, {@code spec.paused}), → Healthy
 * (promoted and the stable pods are available), → Degraded (abort, progress deadline exceeded).</li>
 * <li>Paused → Progressing (duration elapsed, promote, resume), → Degraded (abort).</li>
 * <li>Healthy → Progressing (a new revision).</li>
 * <li>Degraded → Progressing (retry, a new revision, progress after an exceeded deadline without abort).</li>
 * </ul>
 * {@link #Unknown} stands for a stored value this version does not know (read, never decided): the next reconcile
 * writes a known phase.
 */
public enum RolloutPhase {
    Progressing, Paused, Healthy, Degraded, Unknown;

    @JsonValue
    public String value() {
        return name();
    }

    /** The phase for a stored string; {@link #Unknown} for one this version does not know, null for null. */
    @JsonCreator
    public static RolloutPhase of(String value) {
        return value == null ? null : StatusValues.parse(RolloutPhase.class, value, RolloutPhase::value, Unknown);
    }
}
