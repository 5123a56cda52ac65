package dev.sluice.controller.rollout.bluegreen;

import dev.sluice.controller.rollout.AnalysisSpec;
import dev.sluice.events.TrafficRouting;
import java.time.Duration;

/**
 * A valid blue-green Rollout spec in the form {@link BlueGreenEngine} works with: defaults applied, durations parsed.
 *
 * @param previewService null when the user declared none (the preview is then only reachable by its pods)
 * @param autoPromotionSeconds null: promote as soon as the preview is ready and its analysis passed
 * @param prePromotion analysis of the preview before the switch, or null
 * @param postPromotion analysis after the switch while the previous revision is still up, or null
 * @param routing routers that also carry the switch (weight 100 to the preview Service), or null
 * @param metricsProvider which router's metrics built-in checks read (istio, nginx, gatewayAPI, traefik or app)
 * @param progressDeadline how long the new revision's pods may take to become available (preview or full size)
 * @param progressDeadlineAbort abort when that deadline passes (else the rollout is Degraded and keeps waiting)
 * @param abortScaleDownDelay how long the preview ReplicaSet stays up after an abort (Argo's
 *        {@code abortScaleDownDelaySeconds}, 30 s by default); null: it is never scaled down ({@code 0} in the spec)
 * @param scaleDownDelayRevisionLimit how many old ReplicaSets (the previous active one included) may wait out
 *        {@code scaleDownDelay}; older ones scale down at once; null: no limit
 * @param rollbackWindow Argo's {@code rollbackWindow.revisions}: a rollback this many revisions back or fewer skips the
 *        preview's pause and both analyses ({@code RollbackWindow}); null or 0: off
 */
public record BlueGreenPlan(
        int replicas,
        String activeService,
        String previewService,
        boolean autoPromotionEnabled,
        Duration autoPromotionSeconds,
        Duration scaleDownDelay,
        int previewReplicaCount,
        AnalysisSpec prePromotion,
        AnalysisSpec postPromotion,
        TrafficRouting routing,
        boolean paused,
        String metricsProvider,
        Duration progressDeadline,
        boolean progressDeadlineAbort,
        Duration abortScaleDownDelay,
        Integer scaleDownDelayRevisionLimit,
        Integer rollbackWindow) {

    /** A plan without a rollback window. */
    public BlueGreenPlan(int replicas, String activeService, String previewService, boolean autoPromotionEnabled,
            Duration autoPromotionSeconds, Duration scaleDownDelay, int previewReplicaCount, AnalysisSpec prePromotion,
            AnalysisSpec postPromotion, TrafficRouting routing, boolean paused, String metricsProvider, Duration progressDeadline,
            boolean progressDeadlineAbort, Duration abortScaleDownDelay, Integer scaleDownDelayRevisionLimit) {
        this(replicas, activeService, previewService, autoPromotionEnabled, autoPromotionSeconds, scaleDownDelay,
                previewReplicaCount, prePromotion, postPromotion, routing, paused, metricsProvider, progressDeadline,
                progressDeadlineAbort, abortScaleDownDelay, scaleDownDelayRevisionLimit, null);
    }

    public boolean trafficRouted() {
        return routing != null;
    }
}
