package dev.sluice.controller.rollout;

import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import java.util.List;

/**
 * A Rollout spec as the user wrote it, before validation: nullable values and unparsed strings, no
 * Kubernetes types. {@link SpecValidation} turns it into a {@link CanaryPlan} or every violation.
 */
public record RolloutDefinition(
        Integer replicas,
        boolean hasSelector,
        boolean hasTemplate,
        boolean hasWorkloadRef,
        Integer progressDeadlineSeconds,
        boolean progressDeadlineAbort,
        boolean paused,
        boolean hasBlueGreen,
        Canary canary,
        Integer rollbackWindowRevisions,
        String restartAt) {

    /** A definition without {@code rollbackWindow} and {@code restartAt}. */
    public RolloutDefinition(Integer replicas, boolean hasSelector, boolean hasTemplate, boolean hasWorkloadRef,
            Integer progressDeadlineSeconds, boolean progressDeadlineAbort, boolean paused, boolean hasBlueGreen, Canary canary) {
        this(replicas, hasSelector, hasTemplate, hasWorkloadRef, progressDeadlineSeconds, progressDeadlineAbort, paused,
                hasBlueGreen, canary, null, null);
    }

    /** This definition with {@code rollbackWindow.revisions} and {@code restartAt} as written (null: absent). */
    public RolloutDefinition withWorkloadKnobs(Integer rollbackWindowRevisions, String restartAt) {
        return new RolloutDefinition(replicas, hasSelector, hasTemplate, hasWorkloadRef, progressDeadlineSeconds,
                progressDeadlineAbort, paused, hasBlueGreen, canary, rollbackWindowRevisions, restartAt);
    }

    /** {@code spec.workloadRef} as written (kind, name, scaleDown). */
    public record WorkloadRefDef(String kind, String name, String scaleDown) {
    }

    /** {@code strategy.canary}; {@code routing} is null when trafficRouting is absent. */
    public record Canary(
            String stableService,
            String canaryService,
            String maxSurge,
            String maxUnavailable,
            List<StepDef> steps,
            AnalysisDef background,
            Integer backgroundStartingStep,
            boolean routingDeclared,
            TrafficRouting routing,
            Integer scaleDownDelaySeconds,
            Integer abortScaleDownDelaySeconds,
            boolean dynamicStableScale,
            ProgressionDef progression,
            Integer minPodsPerReplicaSet,
            Integer scaleDownDelayRevisionLimit) {

        public Canary(String stableService, String canaryService, String maxSurge, String maxUnavailable, List<StepDef> steps,
                AnalysisDef background, Integer backgroundStartingStep, boolean routingDeclared, TrafficRouting routing,
                Integer scaleDownDelaySeconds, Integer abortScaleDownDelaySeconds, boolean dynamicStableScale,
                ProgressionDef progression) {
            this(stableService, canaryService, maxSurge, maxUnavailable, steps, background, backgroundStartingStep,
                    routingDeclared, routing, scaleDownDelaySeconds, abortScaleDownDelaySeconds, dynamicStableScale, progression,
                    null, null);
        }
    }

    /** One step as written; more than one field set is a violation. */
    public record StepDef(Integer setWeight, boolean pause, String pauseDuration, AnalysisDef analysis,
            ScaleDef setCanaryScale, HeaderRouteDef setHeaderRoute, MirrorRouteDef setMirrorRoute) {

        public StepDef(Integer setWeight, boolean pause, String pauseDuration, AnalysisDef analysis, ScaleDef setCanaryScale) {
            this(setWeight, pause, pauseDuration, analysis, setCanaryScale, null, null);
        }

        public static StepDef weight(int weight) {
            return new StepDef(weight, false, null, null, null);
        }

        public static StepDef pauseFor(String duration) {
            return new StepDef(null, true, duration, null, null);
        }

        public static StepDef analysis(AnalysisDef analysis) {
            return new StepDef(null, false, null, analysis, null);
        }
    }

    public record ScaleDef(Integer replicas, Integer weight, Boolean matchTrafficWeight) {
    }

    /** Argo's {@code setHeaderRoute}: a route name and its header conditions (none: remove the route). */
    public record HeaderRouteDef(String name, List<HeaderMatchDef> match) {
    }

    public record HeaderMatchDef(String headerName, StringMatch headerValue) {
    }

    /** Argo's {@code setMirrorRoute}: a route name, its request conditions (none: remove it), the mirrored percentage. */
    public record MirrorRouteDef(String name, List<RouteMatch> match, Integer percentage) {
    }

    /**
     * Templates and args as written; an arg in {@code args} should carry exactly one of value or secretKeyRef, the
     * args taken from the Rollout ({@code valueFrom.fieldRef}, {@code valueFrom.podTemplateHashValue}) are in
     * {@code valueFrom}.
     */
    public record AnalysisDef(List<AnalysisRequested.TemplateRef> templates, List<AnalysisRequested.Arg> args,
            List<ValueFromDef> valueFrom) {

        public AnalysisDef(List<AnalysisRequested.TemplateRef> templates, List<AnalysisRequested.Arg> args) {
            this(templates, args, null);
        }
    }

    /**
     * An arg whose value comes from the Rollout: {@code fieldPath} with the value it resolved to ({@code fieldValue},
     * null when the Rollout has no such field or the mapping had no metadata), or {@code podTemplateHashValue}
     * (Stable or Latest), resolved when the analysis is requested. {@code index} is its place in {@code args}.
     */
    public record ValueFromDef(int index, String name, String fieldPath, String fieldValue, String podTemplateHashValue) {
    }

    /** Flagger's analysis block; {@code match} with {@code iterations} makes it A/B testing instead of weights. */
    public record ProgressionDef(String interval, Integer stepWeight, List<Integer> stepWeights, Integer maxWeight,
            Integer threshold, List<MetricDef> metrics, Integer stepWeightPromotion, boolean skipAnalysis,
            List<RouteMatch> match, Integer iterations, SessionAffinity sessionAffinity) {

        public ProgressionDef(String interval, Integer stepWeight, List<Integer> stepWeights, Integer maxWeight,
                Integer threshold, List<MetricDef> metrics, Integer stepWeightPromotion, boolean skipAnalysis) {
            this(interval, stepWeight, stepWeights, maxWeight, threshold, metrics, stepWeightPromotion, skipAnalysis, null,
                    null, null);
        }

        public ProgressionDef(String interval, Integer stepWeight, List<Integer> stepWeights, Integer maxWeight,
                Integer threshold, List<MetricDef> metrics) {
            this(interval, stepWeight, stepWeights, maxWeight, threshold, metrics, null, false);
        }
    }

    /** A check: a built-in (name, thresholdRange, interval) or, with {@code templateName}, an AnalysisTemplate. */
    public record MetricDef(String name, Double min, Double max, String interval, String templateName, boolean clusterScope) {

        public MetricDef(String name, Double min, Double max, String interval) {
            this(name, min, max, interval, null, false);
        }
    }
}
