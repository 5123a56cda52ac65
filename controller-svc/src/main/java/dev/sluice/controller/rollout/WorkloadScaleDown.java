package dev.sluice.controller.rollout;

import java.util.List;

/**
 * What happens to the Deployment a {@code workloadRef} names, with Argo's values for {@code workloadRef.scaleDown}:
 * <ul>
 * <li>{@code never} (the default, as in Argo and the CRD): the Deployment keeps its replicas; the user scales it.</li>
 * <li>{@code onsuccess}: scaled to 0 once the Rollout is Healthy (all its pods available).</li>
 * <li>{@code progressively}: scaled down as the Rollout's stable pods become available, so the two together keep the
 * Deployment's replica count: {@code deployment = max(0, replicas - available stable pods)}.</li>
 * </ul>
 */
public enum WorkloadScaleDown {
    NEVER, ONSUCCESS, PROGRESSIVELY;

    public static final List<String> NAMES = List.of("never", "onsuccess", "progressively");

    /** The mode a valid {@code scaleDown} names; absent is {@link #NEVER}. */
    public static WorkloadScaleDown of(String raw) {
        return raw == null ? NEVER : valueOf(raw.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The replicas the Deployment should have now, or -1 to leave it alone.
     *
     * @param replicas the Rollout's replicas (taken from the Deployment when the Rollout sets none)
     * @param stableAvailable available pods of the Rollout's stable ReplicaSet
     * @param healthy whether the Rollout is Healthy
     */
    public int deploymentReplicas(int replicas, int stableAvailable, boolean healthy) {
        return switch (this) {
            case NEVER -> -1;
            case ONSUCCESS -> healthy ? 0 : -1;
            case PROGRESSIVELY -> Math.max(0, replicas - stableAvailable);
        };
    }
}
