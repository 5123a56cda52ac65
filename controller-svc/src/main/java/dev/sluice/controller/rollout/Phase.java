package dev.sluice.controller.rollout;

/**
 * The phase of a Rollout ({@code status.phase}). Allowed transitions:
 * <ul>
 * <li>Progressing → Paused (pause step, inconclusive analysis, pause command, {@code spec.paused}), → Healthy
 * (promoted and the stable pods are available), → Degraded (abort, progress deadline exceeded).</li>
 * <li>Paused → Progressing (duration elapsed, promote, resume), → Degraded (abort).</li>
 * <li>Healthy → Progressing (a new revision).</li>
 * <li>Degraded → Progressing (retry, a new revision, progress after an exceeded deadline without abort).</li>
 * </ul>
 */
public enum Phase {
    Progressing, Paused, Healthy, Degraded
}
