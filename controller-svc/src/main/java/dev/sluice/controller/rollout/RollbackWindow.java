package dev.sluice.controller.rollout;

import java.util.Collection;
import java.util.Optional;

/**
 * Argo's {@code spec.rollbackWindow}: going back to an older revision whose ReplicaSet still exists is fast-tracked —
 * no canary steps, no analysis, straight to fully promoted — when fewer than {@code revisions} ReplicaSets were created
 * between it and the current stable one. "Older" is by ReplicaSet creation time, as in Argo's
 * {@code isRollbackWithinWindow}: the target must have been created before the stable ReplicaSet. Pure; both engines
 * ask it on every pass (nothing is remembered, so a retry or a resumed controller decides the same).
 */
public final class RollbackWindow {

    private RollbackWindow() {
    }

    /**
     * Why rolling out {@code target} is a fast-tracked rollback, or empty when it goes through the strategy:
     * {@code revisions} null or 0, no stable revision, either ReplicaSet missing or of unknown age, or the target is not
     * older than the stable one, or {@code revisions} or more ReplicaSets lie between them.
     */
    public static Optional<String> fastTrack(Integer revisions, String target, String stable, Collection<ReplicaSetFacts> replicaSets) {
        if (revisions == null || revisions <= 0 || stable == null || target == null || target.equals(stable)) {
            return Optional.empty();
        }
        ReplicaSetFacts to = find(target, replicaSets);
        ReplicaSetFacts from = find(stable, replicaSets);
        if (to == null || from == null || to.createdAt() == null || from.createdAt() == null
                || !to.createdAt().isBefore(from.createdAt())) {
            return Optional.empty();
        }
        long between = replicaSets.stream().filter(rs -> rs.createdAt() != null && rs.createdAt().isAfter(to.createdAt())
                && rs.createdAt().isBefore(from.createdAt())).count();
        if (between >= revisions) {
            return Optional.empty();
        }
        int back = (int) between + 1;
        return Optional.of("rollback to revision " + target + " (" + back + " revision" + (back == 1 ? "" : "s")
                + " before the stable " + stable + ") is within rollbackWindow.revisions " + revisions);
    }

    private static ReplicaSetFacts find(String hash, Collection<ReplicaSetFacts> replicaSets) {
        return replicaSets.stream().filter(rs -> rs.hash().equals(hash)).findFirst().orElse(null);
    }
}
