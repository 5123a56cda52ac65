package dev.sluice.controller.rollout.bluegreen;

import dev.sluice.api.rollout.RolloutStatus;

/**
 * Where a blue-green revision is, derived from status (never stored, so it cannot disagree with it). "Blue" is
 * {@code status.stableRS}, "green" is {@code status.currentPodHash}. Allowed transitions:
 * <ul>
 * <li>STABLE → PREVIEW (a new revision).</li>
 * <li>PREVIEW → PROMOTING (auto promotion, autoPromotionSeconds elapsed, a promote command), → ABORTED (abort
 * command, failed pre-promotion analysis), → PREVIEW (a newer revision replaces the preview).</li>
 * <li>PROMOTING → SWITCHED (green fully available: the active selector moves in one write), → ABORTED.</li>
 * <li>SWITCHED → STABLE (post-promotion analysis passed and scaleDownDelaySeconds elapsed: blue scales down, green
 * becomes stable), → ABORTED (abort command, failed post-promotion analysis: active returns to blue), → PREVIEW (a
 * newer revision: green, which already serves everything, becomes stable first).</li>
 * <li>ABORTED → PREVIEW (retry, once the active Service is back on blue; a newer revision), → STABLE (the template
 * returns to blue).</li>
 * </ul>
 */
public enum BlueGreenStage {
    STABLE, PREVIEW, PROMOTING, SWITCHED, ABORTED;

    public static BlueGreenStage of(RolloutStatus s) {
        if (s.currentPodHash == null || s.currentPodHash.equals(s.stableRS)) {
            return STABLE;
        }
        if (Boolean.TRUE.equals(s.abort)) {
            return ABORTED;
        }
        RolloutStatus.BlueGreenStatus bg = s.blueGreen;
        if (bg != null && bg.switchedAt != null) {
            return SWITCHED;
        }
        if (bg != null && bg.promotedAt != null) {
            return PROMOTING;
        }
        return PREVIEW;
    }
}
