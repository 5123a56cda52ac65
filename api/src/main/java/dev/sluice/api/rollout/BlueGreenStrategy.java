package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code strategy.blueGreen} (Argo field names): the new revision runs beside the active one behind a preview Service,
 * is checked there, then takes all production traffic in one switch of the active Service's selector.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenStrategy {
    @JsonPropertyDescription("Service that serves production traffic; Sluice points it at the active revision.")
    public String activeService;
    @JsonPropertyDescription("Service pointed at the new revision before it is promoted.")
    public String previewService;
    @JsonPropertyDescription("Promote without a command once the preview is ready (default true).")
    public Boolean autoPromotionEnabled;
    @JsonPropertyDescription("Seconds after the preview is ready before automatic promotion.")
    public Integer autoPromotionSeconds;
    @JsonPropertyDescription("Seconds after the switch before the old revision is scaled down (default 30).")
    public Integer scaleDownDelaySeconds;
    @JsonPropertyDescription("Replicas of the preview revision before promotion (default spec.replicas).")
    public Integer previewReplicaCount;
    @JsonPropertyDescription("Analysis that must succeed before the switch.")
    public CanaryStrategy.RolloutAnalysis prePromotionAnalysis;
    @JsonPropertyDescription("Analysis run after the switch; failure switches back.")
    public CanaryStrategy.RolloutAnalysis postPromotionAnalysis;
    @JsonPropertyDescription("Routers that also carry the switch (weight 100 to previewService, 0 on switch-back); none = Service selectors only. Needs previewService.")
    public TrafficRoutingSpec trafficRouting;

    @JsonPropertyDescription("Seconds after an abort before the preview revision is scaled down (default 30; 0 keeps it up until the next update, as in Argo).")
    public Integer abortScaleDownDelaySeconds;

    @JsonPropertyDescription("How many old ReplicaSets may wait for their scale-down delay at once; older ones are scaled down at once.")
    public Integer scaleDownDelayRevisionLimit;

    @JsonPropertyDescription("Labels and annotations on the active revision's pods while they are active.")
    public PodPlacement.PodMetadata activeMetadata;

    @JsonPropertyDescription("Labels and annotations on the preview revision's pods while they are the preview.")
    public PodPlacement.PodMetadata previewMetadata;

    @JsonPropertyDescription("Keep preview pods off the nodes of the active pods (preferred or required).")
    public PodPlacement.AntiAffinity antiAffinity;
}
