package dev.sluice.controller.rollout;

import java.util.ArrayList;
import java.util.List;

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
     * The split a weight asks for without routing, as Argo approximates it
     * ({@code approximateWeightedCanaryStableReplicaCounts}): among canary counts {@code ceil} and {@code floor} of
     * {@code replicas × weight} over a total of {@code replicas} or, when {@code maxSurge > 0}, {@code replicas + 1},
     * the one whose ratio is closest to the weight (the larger canary on a tie); a weight of 1..99 never leaves the
     * canary or the stable at 0 pods unless a single replica cannot surge. 20% of 4 with surge is 1 canary + 4 stable.
     */
    public static ReplicaCounts weightedTarget(int replicas, int weight, int maxSurge) {
        if (replicas == 0) {
            return new ReplicaCounts(0, 0);
        }
        int ceil = (int) Math.ceil(replicas * weight / 100.0);
        int floor = (int) Math.floor(replicas * weight / 100.0);
        boolean zeroAllowed = weight == 100 || weight == 0 || (replicas == 1 && maxSurge == 0);
        List<int[]> options = new ArrayList<>();
        if (ceil < replicas || zeroAllowed) {
            options.add(new int[] {ceil, replicas});
        }
        if (!tied(weight, replicas) && (floor != 0 || zeroAllowed)) {
            options.add(new int[] {floor, replicas});
        }
        if (maxSurge > 0) {
            options.add(new int[] {ceil, replicas + 1});
            if (!tied(weight, replicas + 1) && (floor != 0 || zeroAllowed)) {
                options.add(new int[] {floor, replicas + 1});
            }
        }
        if (options.isEmpty()) {
            return new ReplicaCounts(0, replicas);
        }
        int[] best = options.get(0);
        for (int[] option : options.subList(1, options.size())) {
            if (delta(weight, option) < delta(weight, best)) {
                best = option;
            }
        }
        return new ReplicaCounts(best[0], best[1] - best[0]);
    }

    private static boolean tied(int weight, int total) {
        double exact = total * (weight / 100.0);
        return exact - Math.floor(exact) == 0.5;
    }

    private static double delta(int weight, int[] option) {
        return Math.abs(option[0] * 100.0 / option[1] - weight);
    }

    /** With traffic routing; {@code appliedWeight} is the weight the routers acknowledged (for dynamicStableScale). */
    public static ReplicaCounts trafficRouted(int replicas, int weight, Integer canaryOverride, boolean dynamicStableScale,
            int appliedWeight) {
        int canary = canaryOverride != null ? canaryOverride : weightToReplicas(replicas, weight);
        int stable = dynamicStableScale ? weightToReplicas(replicas, 100 - appliedWeight) : replicas;
        return new ReplicaCounts(canary, stable);
    }

    /**
     * Argo's {@code CheckMinPodsPerReplicaSet}: a ReplicaSet that gets pods gets at least {@code minPods}. Sluice also
     * gives the canary pods at weight 0 while a header or mirror route sends it requests ({@code routesInForce}),
     * so those requests never meet a canary without pods.
     */
    public static int atLeastMinPods(int count, int minPods, boolean routesInForce) {
        if (count == 0 && !routesInForce) {
            return 0;
        }
        return Math.max(count, Math.max(minPods, 1));
    }

    /**
     * Without traffic routing: the next counts on the way to {@link #weightedTarget}, honouring maxSurge and
     * maxUnavailable, as Argo's {@code CalculateReplicaCountsForBasicCanary}: scale up (stable first, then canary)
     * within {@code replicas + maxSurge}; while older ReplicaSets still have pods, only those scale down; else scale
     * down (the stable when moving toward the canary, the canary when moving back) while at least
     * {@code replicas - maxUnavailable} pods stay available. {@code olderReplicas} are pods of other old ReplicaSets.
     */
    public static ReplicaCounts basic(int replicas, int weight, int maxSurge, int maxUnavailable,
            ReplicaSetFacts canary, ReplicaSetFacts stable, int olderReplicas) {
        ReplicaCounts target = weightedTarget(replicas, weight, maxSurge);
        int desiredCanary = target.canary();
        int desiredStable = target.stable();
        int canaryCount = canary == null ? 0 : canary.replicas();
        int stableCount = 0;
        boolean scaleStable = stable != null;
        if (scaleStable) {
            stableCount = stable.replicas();
        } else {
            desiredCanary = replicas;
            desiredStable = 0;
        }
        int maxTotal = replicas + maxSurge;
        int scaleUp = maxTotal - (olderReplicas + canaryCount + stableCount);
        if (scaleStable && stable.replicas() < desiredStable && scaleUp > 0) {
            if (stable.replicas() + scaleUp < desiredStable) {
                stableCount = stable.replicas() + scaleUp;
                scaleUp = 0;
            } else {
                stableCount = desiredStable;
                scaleUp -= desiredStable - stable.replicas();
            }
        }
        int canaryNow = canary == null ? 0 : canary.replicas();
        if (canaryNow < desiredCanary && scaleUp > 0) {
            canaryCount = Math.min(desiredCanary, canaryNow + scaleUp);
        }
        if (olderReplicas > 0) {
            return new ReplicaCounts(canaryCount, stableCount);
        }
        int minAvailable = replicas - maxUnavailable;
        boolean increasing = canary == null || desiredCanary >= canary.replicas();
        int removable = forScaleDown(canary, !increasing) + forScaleDown(stable, increasing);
        if (removable <= minAvailable) {
            return new ReplicaCounts(canaryCount, stableCount);
        }
        int scaleDown = removable - minAvailable;
        if (!increasing) {
            canaryCount = drain(canary, desiredCanary, scaleDown, canaryCount);
            int[] adjusted = withinLimits(canary, stable, canaryCount, stableCount, maxTotal, minAvailable);
            return new ReplicaCounts(adjusted[0], adjusted[1]);
        } else if (scaleStable) {
            stableCount = drain(stable, desiredStable, scaleDown, stableCount);
            int[] adjusted = withinLimits(stable, canary, stableCount, canaryCount, maxTotal, minAvailable);
            return new ReplicaCounts(adjusted[1], adjusted[0]);
        }
        return new ReplicaCounts(canaryCount, stableCount);
    }

    /** Argo's calculateScaleDownReplicaCount. */
    private static int drain(ReplicaSetFacts rs, int desired, int scaleDown, int count) {
        return rs != null && rs.replicas() > desired ? Math.max(desired, rs.replicas() - scaleDown) : count;
    }

    /** Argo's adjustReplicaWithinLimits: {drain, adjust} counts kept within maxSurge and maxUnavailable. */
    private static int[] withinLimits(ReplicaSetFacts drainRs, ReplicaSetFacts adjustRs, int drainCount, int adjustCount,
            int maxTotal, int minAvailable) {
        int over = Math.max(0, adjustCount + drainCount - maxTotal);
        int available = drainRs == null ? 0 : Math.min(drainRs.availableReplicas(), drainCount);
        if (adjustRs != null) {
            adjustCount -= over;
            available += Math.min(adjustRs.availableReplicas(), adjustCount);
            int extra = Math.max(0, adjustRs.availableReplicas() - adjustCount);
            int needed = Math.max(0, minAvailable - available);
            adjustCount += Math.min(extra, needed);
            over = Math.max(0, adjustCount + drainCount - maxTotal);
            drainCount -= over;
        }
        return new int[] {drainCount, adjustCount};
    }

    /** Pods that count as available for a scale-down: all desired pods when availability is ignored. */
    private static int forScaleDown(ReplicaSetFacts rs, boolean ignoreAvailability) {
        if (rs == null) {
            return 0;
        }
        if (rs.replicas() < rs.availableReplicas() || ignoreAvailability) {
            return rs.replicas();
        }
        return rs.availableReplicas();
    }

    /** The weight a replica split carries without routing, rounded to a whole percent. */
    public static int replicaWeight(int canaryAvailable, int stableAvailable) {
        int total = canaryAvailable + stableAvailable;
        return total == 0 ? 0 : (int) Math.round(100.0 * canaryAvailable / total);
    }
}
