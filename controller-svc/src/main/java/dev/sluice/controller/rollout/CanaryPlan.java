package dev.sluice.controller.rollout;

import dev.sluice.events.SessionAffinity;
import dev.sluice.events.TrafficRouting;
import java.time.Duration;
import java.util.List;

/**
 * A valid canary Rollout spec in the form the step engine works with: parsed durations and surge values,
 * explicit steps (a Flagger-style {@code progression} is already expanded), defaults applied.
 *
 * @param routing the routers carrying the weights, or null: then the weight is the replica ratio
 * @param background analysis that runs from {@code backgroundStartingStep} until promotion, or null
 * @param metricsProvider which router's metrics built-in checks read (istio, nginx, gatewayAPI, traefik or app)
 * @param abortScaleDownDelay how long a routed canary keeps its pods after an abort (Argo's
 *        {@code abortScaleDownDelaySeconds}, 30 s by default); null: never scaled down ({@code 0} in the spec)
 * @param sessionAffinity Flagger's cookie affinity sent with every traffic shift, or null
 * @param minPodsPerReplicaSet fewest canary pods while the canary has traffic or a header/mirror route (Argo, default 1)
 * @param scaleDownDelayRevisionLimit how many old ReplicaSets may wait out {@code scaleDownDelay} (older ones scale
 *        down at once), or null: no limit
 * @param rollbackWindow Argo's {@code rollbackWindow.revisions}: a rollback this many revisions back or fewer skips the
 *        steps and analysis ({@link RollbackWindow}); null or 0: off
 */
public record CanaryPlan(
        int replicas,
        List<Step> steps,
        IntOrPercent maxSurge,
        IntOrPercent maxUnavailable,
        TrafficRouting routing,
        String stableService,
        String canaryService,
        AnalysisSpec background,
        int backgroundStartingStep,
        Duration progressDeadline,
        boolean progressDeadlineAbort,
        Duration scaleDownDelay,
        Duration abortScaleDownDelay,
        boolean dynamicStableScale,
        boolean paused,
        String metricsProvider,
        SessionAffinity sessionAffinity,
        int minPodsPerReplicaSet,
        Integer scaleDownDelayRevisionLimit,
        Integer rollbackWindow) {

    public CanaryPlan {
        steps = List.copyOf(steps);
    }

    /** A plan without a rollback window. */
    public CanaryPlan(int replicas, List<Step> steps, IntOrPercent maxSurge, IntOrPercent maxUnavailable, TrafficRouting routing,
            String stableService, String canaryService, AnalysisSpec background, int backgroundStartingStep,
            Duration progressDeadline, boolean progressDeadlineAbort, Duration scaleDownDelay, Duration abortScaleDownDelay,
            boolean dynamicStableScale, boolean paused, String metricsProvider, SessionAffinity sessionAffinity,
            int minPodsPerReplicaSet, Integer scaleDownDelayRevisionLimit) {
        this(replicas, steps, maxSurge, maxUnavailable, routing, stableService, canaryService, background, backgroundStartingStep,
                progressDeadline, progressDeadlineAbort, scaleDownDelay, abortScaleDownDelay, dynamicStableScale, paused,
                metricsProvider, sessionAffinity, minPodsPerReplicaSet, scaleDownDelayRevisionLimit, null);
    }

    /** A plan without session affinity, with Argo's default of at least one canary pod while it has traffic. */
    public CanaryPlan(int replicas, List<Step> steps, IntOrPercent maxSurge, IntOrPercent maxUnavailable, TrafficRouting routing,
            String stableService, String canaryService, AnalysisSpec background, int backgroundStartingStep,
            Duration progressDeadline, boolean progressDeadlineAbort, Duration scaleDownDelay, Duration abortScaleDownDelay,
            boolean dynamicStableScale, boolean paused, String metricsProvider) {
        this(replicas, steps, maxSurge, maxUnavailable, routing, stableService, canaryService, background, backgroundStartingStep,
                progressDeadline, progressDeadlineAbort, scaleDownDelay, abortScaleDownDelay, dynamicStableScale, paused,
                metricsProvider, null, 1, null, null);
    }

    public boolean trafficRouted() {
        return routing != null;
    }

    /** The weight the plan holds at {@code stepIndex}: the last setWeight at or before it; 100 past the last step. */
    public int weightAt(int stepIndex) {
        if (stepIndex >= steps.size()) {
            return 100;
        }
        int weight = 0;
        for (int i = 0; i <= stepIndex; i++) {
            if (steps.get(i) instanceof Step.SetWeight w) {
                weight = w.weight();
            }
        }
        return weight;
    }

    public int maxSurgePods() {
        return maxSurge.resolve(replicas, true);
    }

    /** Argo/Kubernetes: when both resolve to zero, one pod may be unavailable so the update can move. */
    public int maxUnavailablePods() {
        int unavailable = maxUnavailable.resolve(replicas, false);
        return unavailable == 0 && maxSurgePods() == 0 ? 1 : unavailable;
    }
}
