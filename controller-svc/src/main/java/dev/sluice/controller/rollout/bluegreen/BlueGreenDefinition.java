package dev.sluice.controller.rollout.bluegreen;

import dev.sluice.controller.rollout.RolloutDefinition.AnalysisDef;
import dev.sluice.events.TrafficRouting;

/**
 * {@code strategy.blueGreen} as the user wrote it, before validation: nullable values, no Kubernetes types.
 * {@link BlueGreenValidation} turns it (with the rest of the {@code RolloutDefinition}) into a {@link BlueGreenPlan}.
 *
 * @param routingDeclared true when {@code trafficRouting} is present (even if it names no router)
 * @param abortScaleDownDelaySeconds Argo's field: seconds the preview stays up after an abort (0: never scaled down)
 * @param scaleDownDelayRevisionLimit Argo's field: how many old ReplicaSets may wait out their scale-down delay
 */
public record BlueGreenDefinition(
        String activeService,
        String previewService,
        Boolean autoPromotionEnabled,
        Integer autoPromotionSeconds,
        Integer scaleDownDelaySeconds,
        Integer previewReplicaCount,
        AnalysisDef prePromotionAnalysis,
        AnalysisDef postPromotionAnalysis,
        boolean routingDeclared,
        TrafficRouting routing,
        Integer abortScaleDownDelaySeconds,
        Integer scaleDownDelayRevisionLimit) {
}
