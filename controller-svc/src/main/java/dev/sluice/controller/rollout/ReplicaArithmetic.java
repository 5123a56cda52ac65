package dev.sluice.controller.rollout;

/**
 * How many pods the canary and stable ReplicaSets should have, as free functions (Argo's
 * {@code utils/replicaset/canary.go}).
 * <ul>
 * <li>With traffic routing the weight is set on the routers, so the canary gets {@code ceil(replicas × weight)}
 * pods (or a {@code setCanaryScale} override) and the stable keeps all of its pods, unless
 * {@code dynamicStableScale} shrinks it to the traffic it still receives. maxSurge/maxUnavailable do not apply.</li>
 * <li>Without routing the weight is the replica ratio: the target split is approached without exceeding
 * {@code replicas + maxSurge} pods in total and without going below {@code replicas - maxUnavailable} available
 * pods, one reconcile at a time.</li>
 * </ul>
 */
public final class ReplicaArithmetic {

    private ReplicaArithmetic() {
    }

    /** {@code ceil(replicas × weight / 100)}. */
    public static int weightToReplicas(int replicas, int weight) {
        return (int) Math.ceil(replicas * weight / 100.0);
    }

    /**
     * The split a weight asks for without routing: the canary rounds up, and the stable keeps at least one pod
     * until the weight reaches 100 (a pod above replicas when the canary already takes them all).
     */
    public static ReplicaCounts weightedTarget(int replicas, int weight) {
        if (replicas == 0) {
            return new ReplicaCounts(0, 0);
        }
        int canary = Math.min(replicas, weightToReplicas(replicas, weight));
        int stable = replicas - canary;
        if (weight < 100 && stable == 0) {
            stable = 1;
        }
        return new ReplicaCounts(canary, stable);
    }

    /** With traffic routing; {@code appliedWeight} is the weight the routers acknowledged (for dynamicStableScale). */
    public static ReplicaCounts trafficRouted(int replicas, int weight, Integer canaryOverride, boolean dynamicStableScale,
            int appliedWeight) {
        int canary = canaryOverride != null ? canaryOverride : weightToReplicas(replicas, weight);
        int stable = dynamicStableScale ? weightToReplicas(replicas, 100 - appliedWeight) : replicas;
        return new ReplicaCounts(canary, stable);
    }

    /**
     * Without traffic routing: the next counts on the way to {@link #weightedTarget}, honouring maxSurge and
     * maxUnavailable. {@code older} are pods of other old ReplicaSets still counted in the total.
     */
    public static ReplicaCounts basic(int replicas, int weight, int maxSurge, int maxUnavailable,
            ReplicaSetFacts canary, ReplicaSetFacts stable, int olderReplicas, int olderAvailable) {
        ReplicaCounts target = weightedTarget(replicas, weight);
        if (stable == null) {
            return new ReplicaCounts(target.canary(), 0);
        }
        int canaryCount = canary == null ? 0 : canary.replicas();
        int stableCount = stable.replicas();
        int maxTotal = replicas + maxSurge;
        int scaleUp = maxTotal - (canaryCount + stableCount + olderReplicas);
        if (scaleUp > 0 && canaryCount < target.canary()) {
            int next = Math.min(target.canary(), canaryCount + scaleUp);
            scaleUp -= next - canaryCount;
            canaryCount = next;
        }
        if (scaleUp > 0 && stableCount < target.stable()) {
            stableCount = Math.min(target.stable(), stableCount + scaleUp);
        }

        int minAvailable = replicas - maxUnavailable;
        boolean increasing = canary == null || target.canary() >= canary.replicas();
        // moving towards the canary, stable pods count as available and canary pods only when available; moving back, the reverse
        int removable = forScaleDown(canary, !increasing) + forScaleDown(stable, increasing) + olderAvailable;
        int scaleDown = removable - minAvailable;
        if (scaleDown <= 0) {
            return new ReplicaCounts(canaryCount, stableCount);
        }
        if (increasing) {
            if (stableCount > target.stable()) {
                stableCount = Math.max(target.stable(), stableCount - scaleDown);
            }
        } else if (canaryCount > target.canary()) {
            canaryCount = Math.max(target.canary(), canaryCount - scaleDown);
        }
        return new ReplicaCounts(canaryCount, stableCount);
    }

    /** Pods that count as available for a scale-down: all desired pods when availability is ignored. */
    private static int forScaleDown(ReplicaSetFacts rs, boolean ignoreAvailability) {
        if (rs == null) {
            return 0;
        }
        if (ignoreAvailability) {
            return rs.replicas();
        }
        return Math.min(rs.replicas(), rs.availableReplicas());
    }

    /** The weight a replica split carries without routing, rounded to a whole percent. */
    public static int replicaWeight(int canaryAvailable, int stableAvailable) {
        int total = canaryAvailable + stableAvailable;
        return total == 0 ? 0 : (int) Math.round(100.0 * canaryAvailable / total);
    }
}
