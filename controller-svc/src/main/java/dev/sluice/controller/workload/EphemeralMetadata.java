package dev.sluice.controller.workload;

import dev.sluice.api.rollout.PodPlacement;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Argo's ephemeral metadata as values: which labels and annotations the pods of a revision carry for their role
 * ({@code stableMetadata} / {@code canaryMetadata}, blue-green {@code activeMetadata} / {@code previewMetadata}),
 * and the merge patch that moves a pod (or a ReplicaSet's pod template) from one role to the other in place: the
 * role's entries set, the other role's entries it does not share removed. No pod is restarted.
 */
public final class EphemeralMetadata {

    private EphemeralMetadata() {
    }

    /** Labels and annotations of one role (never null maps). */
    public record Role(Map<String, String> labels, Map<String, String> annotations) {
        public static final Role NONE = new Role(Map.of(), Map.of());

        public Role {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        static Role of(PodPlacement.PodMetadata m) {
            return m == null ? NONE : new Role(m.labels, m.annotations);
        }

        public boolean isEmpty() {
            return labels.isEmpty() && annotations.isEmpty();
        }
    }

    /** What a revision should carry ({@code want}) and what it must lose from the other role ({@code other}). */
    public record Assignment(String hash, Role want, Role other) {
    }

    /** The stable (active) role and the canary (preview) role of {@code rollout}; both empty when none is declared. */
    public static Role[] roles(Rollout rollout) {
        RolloutSpec spec = rollout.getSpec();
        if (spec == null || spec.strategy == null) {
            return new Role[] {Role.NONE, Role.NONE};
        }
        if (spec.strategy.canary != null) {
            return new Role[] {Role.of(spec.strategy.canary.stableMetadata), Role.of(spec.strategy.canary.canaryMetadata)};
        }
        if (spec.strategy.blueGreen != null) {
            return new Role[] {Role.of(spec.strategy.blueGreen.activeMetadata), Role.of(spec.strategy.blueGreen.previewMetadata)};
        }
        return new Role[] {Role.NONE, Role.NONE};
    }

    /**
     * The stable revision takes the stable role; the current revision, while it is not the stable one, the canary role.
     * Empty when neither role declares anything.
     */
    public static java.util.List<Assignment> assignments(Rollout rollout, String stableHash, String currentHash) {
        Role[] roles = roles(rollout);
        if (roles[0].isEmpty() && roles[1].isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<Assignment> out = new java.util.ArrayList<>();
        if (stableHash != null) {
            out.add(new Assignment(stableHash, roles[0], roles[1]));
        }
        if (currentHash != null && !currentHash.equals(stableHash)) {
            out.add(new Assignment(currentHash, roles[1], roles[0]));
        }
        return out;
    }

    /**
     * The JSON-merge-patch entries that turn {@code have} into a map carrying {@code want} and none of {@code other}'s
     * keys that {@code want} does not set (a null value removes the key); empty when nothing changes.
     */
    public static Map<String, String> patch(Map<String, String> have, Map<String, String> want, Map<String, String> other) {
        Map<String, String> current = have == null ? Map.of() : have;
        Map<String, String> patch = new LinkedHashMap<>();
        want.forEach((k, v) -> {
            if (!Objects.equals(current.get(k), v)) {
                patch.put(k, v);
            }
        });
        other.keySet().forEach(k -> {
            if (!want.containsKey(k) && current.containsKey(k)) {
                patch.put(k, null);
            }
        });
        return patch;
    }
}
