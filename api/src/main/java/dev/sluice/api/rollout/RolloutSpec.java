package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** What the user declares. Field names follow Argo Rollouts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
    @SpecReplicas
    @JsonPropertyDescription("Desired number of pods of the stable revision; defaults to 1.")
    public Integer replicas;

    @JsonPropertyDescription("Label selector for the pods; must match the template's labels.")
    public LabelSelector selector;

    @PreserveUnknownFields
    @SchemaFrom(type = PreservedObject.class)
    @JsonPropertyDescription("The pod template; a change to it is a new revision. Set this or workloadRef, not both.")
    public PodTemplateSpec template;

    @JsonPropertyDescription("An existing Deployment whose pod template is used; Sluice scales it to zero. Set this or template, not both.")
    public WorkloadRef workloadRef;

    @JsonPropertyDescription("How many old ReplicaSets to keep for rollback; defaults to 10.")
    public Integer revisionHistoryLimit;

    @JsonPropertyDescription("Seconds a revision may make no progress before it is marked ProgressDeadlineExceeded; defaults to 600.")
    public Integer progressDeadlineSeconds;

    @JsonPropertyDescription("Abort the revision when the progress deadline is exceeded.")
    public Boolean progressDeadlineAbort;

    @JsonPropertyDescription("Pause the rollout: no step advances while true.")
    public Boolean paused;

    @JsonPropertyDescription("How a new revision replaces the stable one: canary or blueGreen.")
    public Strategy strategy;

    @JsonPropertyDescription("How many finished AnalysisRuns of this rollout are kept.")
    public AnalysisHistory analysis;

    /** Argo's {@code spec.analysis}: finished AnalysisRuns kept per rollout (older ones are deleted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AnalysisHistory {
        @JsonPropertyDescription("Successful AnalysisRuns kept (default 5).")
        public Integer successfulRunHistoryLimit;
        @JsonPropertyDescription("Failed, Error or Inconclusive AnalysisRuns kept (default 5).")
        public Integer unsuccessfulRunHistoryLimit;
    }

    @JsonPropertyDescription("Going back to a revision whose ReplicaSet still exists, at most revisions back from the stable one, skips the steps and analysis and promotes it fully (fast-track rollback).")
    public RollbackWindow rollbackWindow;

    @JsonPropertyDescription("Restart every pod created before this time (RFC 3339, e.g. 2026-12-01T06:00:00Z) one at a time through the Eviction API, so PodDisruptionBudgets are respected; waits while an update is in progress; status.restartedAt records it when done.")
    public String restartAt;

    /** Argo's {@code rollbackWindow}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RollbackWindow {
        @JsonPropertyDescription("How many revisions back a rollback is fast-tracked; 0 or unset: never.")
        public Integer revisions;
    }

    /** An existing workload whose pod template the Rollout uses. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class WorkloadRef {
        @JsonPropertyDescription("apps/v1")
        public String apiVersion;
        @JsonPropertyDescription("Deployment")
        public String kind;
        @JsonPropertyDescription("Name of the workload in the Rollout's namespace.")
        public String name;
        @JsonPropertyDescription("never, onsuccess or progressively: whether Sluice scales the referenced Deployment down (default never).")
        public String scaleDown;
    }

    /** Exactly one of canary or blueGreen. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Strategy {
        @JsonPropertyDescription("Shift traffic to the new revision step by step, measuring it on the way.")
        public CanaryStrategy canary;
        @JsonPropertyDescription("Run the new revision beside the old one behind a preview Service, then switch.")
        public BlueGreenStrategy blueGreen;
    }

    /** Schema stand-in for an embedded object kept as the user wrote it. */
    public static class PreservedObject {
    }
}
