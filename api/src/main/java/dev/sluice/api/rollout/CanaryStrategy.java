package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** {@code strategy.canary}: shift traffic to the new revision step by step (Argo Rollouts field names). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStrategy {
    @JsonPropertyDescription("Service whose selector Sluice points at the stable revision's pods.")
    public String stableService;

    @JsonPropertyDescription("Service whose selector Sluice points at the canary revision's pods.")
    public String canaryService;

    @JsonPropertyDescription("Pods above replicas allowed while updating: a number or a percentage (default 25%).")
    public IntOrString maxSurge;

    @JsonPropertyDescription("Pods below replicas allowed to be unavailable while updating: a number or a percentage (default 25%).")
    public IntOrString maxUnavailable;

    @JsonPropertyDescription("The steps, in order: setWeight, pause, analysis, setCanaryScale. Or use progression.")
    public List<CanaryStep> steps;

    @JsonPropertyDescription("Background analysis: runs from startingStep until the revision is promoted or aborted.")
    public BackgroundAnalysis analysis;

    @JsonPropertyDescription("Routers that carry the weights; none = weight approximated by replica ratio.")
    public TrafficRoutingSpec trafficRouting;

    @JsonPropertyDescription("Seconds after promotion before the old stable ReplicaSet is scaled down (default 30 with trafficRouting).")
    public Integer scaleDownDelaySeconds;

    @JsonPropertyDescription("With trafficRouting: seconds after an abort before the canary ReplicaSet is scaled down (default 30; 0 keeps it up until the next update, as in Argo). A basic canary rolls back to stable at once.")
    public Integer abortScaleDownDelaySeconds;

    @JsonPropertyDescription("Scale the stable ReplicaSet down as traffic moves to the canary (needs trafficRouting).")
    public Boolean dynamicStableScale;

    @JsonPropertyDescription("Flagger-style alternative to steps: weight increments every interval with built-in metric checks.")
    public Progression progression;

    @JsonPropertyDescription("Labels and annotations on the canary revision's pods while they are the canary.")
    public PodPlacement.PodMetadata canaryMetadata;

    @JsonPropertyDescription("Labels and annotations on the stable revision's pods while they are stable.")
    public PodPlacement.PodMetadata stableMetadata;

    @JsonPropertyDescription("Keep canary pods off the nodes of the stable pods (preferred or required).")
    public PodPlacement.AntiAffinity antiAffinity;

    @JsonPropertyDescription("Fewest canary pods while the canary has traffic (default 1 with trafficRouting).")
    public Integer minPodsPerReplicaSet;

    @JsonPropertyDescription("How many old ReplicaSets may wait for their scale-down delay at once; older ones are scaled down at once.")
    public Integer scaleDownDelayRevisionLimit;

    /** One step: exactly one field is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CanaryStep {
        @JsonPropertyDescription("Send this percentage (0-100) of traffic to the canary.")
        public Integer setWeight;

        @JsonPropertyDescription("Wait for duration, or until promoted when duration is absent.")
        public Pause pause;

        @JsonPropertyDescription("Run an analysis and wait for its verdict: Failed aborts, Inconclusive pauses.")
        public RolloutAnalysis analysis;

        @JsonPropertyDescription("Set the canary's replica count independently of its traffic weight.")
        public SetCanaryScale setCanaryScale;

        @JsonPropertyDescription("Send requests with a header to the canary whatever the weight (Argo).")
        public ManagedRoutes.SetHeaderRoute setHeaderRoute;

        @JsonPropertyDescription("Copy matching requests to the canary, whose answers are discarded (Argo).")
        public ManagedRoutes.SetMirrorRoute setMirrorRoute;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Pause {
        @JsonPropertyDescription("How long: seconds, or a duration such as 30s, 5m, 1h. Absent = until promoted.")
        public IntOrString duration;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SetCanaryScale {
        @JsonPropertyDescription("Exact number of canary pods.")
        public Integer replicas;
        @JsonPropertyDescription("Canary pods as a percentage of spec.replicas.")
        public Integer weight;
        @JsonPropertyDescription("Size the canary by the current traffic weight again.")
        public Boolean matchTrafficWeight;
    }

    /** The templates and arguments of an analysis. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RolloutAnalysis {
        @JsonPropertyDescription("AnalysisTemplates (or ClusterAnalysisTemplates) to run together.")
        public List<TemplateRef> templates;
        @JsonPropertyDescription("Arguments passed to the templates.")
        public List<AnalysisArg> args;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BackgroundAnalysis extends RolloutAnalysis {
        @JsonPropertyDescription("Index of the step from which the background analysis runs (default 0).")
        public Integer startingStep;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TemplateRef {
        @JsonPropertyDescription("Name of the AnalysisTemplate.")
        public String templateName;
        @JsonPropertyDescription("True for a ClusterAnalysisTemplate.")
        public Boolean clusterScope;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AnalysisArg {
        @JsonPropertyDescription("Argument name, as used in {{args.NAME}}.")
        public String name;
        @JsonPropertyDescription("Literal value.")
        public String value;
        @JsonPropertyDescription("Where the value comes from; resolved by analysis-svc, never sent on Kafka.")
        public ArgValueFrom valueFrom;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ArgValueFrom {
        @JsonPropertyDescription("A key of a Secret in the Rollout's namespace.")
        public SecretKeyRef secretKeyRef;
        @JsonPropertyDescription("A field of the Rollout, e.g. metadata.name, metadata.labels['team'], metadata.annotations['owner'].")
        public FieldRef fieldRef;
        @JsonPropertyDescription("Stable or Latest: the pod-template hash of that revision.")
        public String podTemplateHashValue;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FieldRef {
        public String fieldPath;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        public String name;
        public String key;
    }

    /** Flagger's analysis block, as an alternative to steps. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Progression {
        @JsonPropertyDescription("Time between weight increments, e.g. 1m.")
        public String interval;
        @JsonPropertyDescription("Weight increment per interval.")
        public Integer stepWeight;
        @JsonPropertyDescription("Explicit weights, instead of stepWeight.")
        public List<Integer> stepWeights;
        @JsonPropertyDescription("Weight at which the canary is promoted (default 100).")
        public Integer maxWeight;
        @JsonPropertyDescription("Failed metric checks before the rollout is aborted (default 5).")
        public Integer threshold;
        @JsonPropertyDescription("Once the checks passed at maxWeight, the weight rises to 100 in steps of this size, one per interval (Flagger's primary promotion in steps).")
        public Integer stepWeightPromotion;
        @JsonPropertyDescription("Advance the weights every interval without measuring any check (Flagger's skipAnalysis).")
        public Boolean skipAnalysis;
        @JsonPropertyDescription("Checks run every interval: the built-ins request-success-rate (percent) and request-duration (milliseconds), or an AnalysisTemplate named by templateRef.")
        public List<ProgressionMetric> metrics;
        @JsonPropertyDescription("A/B testing: requests matching any entry go to the canary for iterations intervals, then it is promoted.")
        public List<ManagedRoutes.RouteMatch> match;
        @JsonPropertyDescription("A/B testing: how many intervals the matched requests go to the canary before promotion.")
        public Integer iterations;
        @JsonPropertyDescription("Keep a client the canary answered on the canary (cookie) while it has traffic.")
        public ManagedRoutes.SessionAffinity sessionAffinity;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ProgressionMetric {
        @JsonPropertyDescription("request-success-rate or request-duration; with templateRef, any name for the check.")
        public String name;
        @JsonPropertyDescription("A custom check: the AnalysisTemplate whose metrics are measured at every check (Flagger's MetricTemplate).")
        public TemplateRef templateRef;
        @JsonPropertyDescription("Bounds a measured value must stay within.")
        public ThresholdRange thresholdRange;
        @JsonPropertyDescription("Measurement window and period, e.g. 1m.")
        public String interval;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ThresholdRange {
        public Double min;
        public Double max;
    }
}
