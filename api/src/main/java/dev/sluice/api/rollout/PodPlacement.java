package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Argo's ephemeral pod metadata per role and anti-affinity between the old and the new ReplicaSet. */
public final class PodPlacement {
    private PodPlacement() {
    }

    /**
     * {@code canaryMetadata}, {@code stableMetadata}, {@code activeMetadata}, {@code previewMetadata}: labels and
     * annotations on the pods of one role, changed in place (no restart) when a pod changes role.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PodMetadata {
        public Map<String, String> labels;
        public Map<String, String> annotations;
    }

    /** {@code antiAffinity}: keep the new revision's pods off the nodes of the old one; exactly one field. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AntiAffinity {
        @JsonPropertyDescription("Prefer other nodes, with this weight (1-100).")
        public Preferred preferredDuringSchedulingIgnoredDuringExecution;
        @JsonPropertyDescription("Require other nodes.")
        public Required requiredDuringSchedulingIgnoredDuringExecution;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Preferred {
        public Integer weight;
    }

    public static class Required {
    }
}
