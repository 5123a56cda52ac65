package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.rollout.TrafficRoutingSpec;
import dev.sluice.controller.rollout.RolloutDefinition;
import dev.sluice.controller.rollout.bluegreen.BlueGreenDefinition;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.TrafficRouting;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/** Translates the Kubernetes model into the core's {@link RolloutDefinition} (no validation here). */
final class SpecMapper {

    private SpecMapper() {
    }

    /**
     * @param referencedReplicas the replicas of the Deployment a {@code workloadRef} names, used when the Rollout sets
     *     none (Flagger takes them from the target Deployment); null when there is none
     */
    static RolloutDefinition definition(RolloutSpec spec, Integer referencedReplicas) {
        RolloutSpec.Strategy strategy = spec.strategy;
        CanaryStrategy c = strategy == null ? null : strategy.canary;
        Integer replicas = spec.replicas == null && spec.workloadRef != null ? referencedReplicas : spec.replicas;
        return new RolloutDefinition(replicas, spec.selector != null, spec.template != null, spec.workloadRef != null,
                spec.progressDeadlineSeconds, Boolean.TRUE.equals(spec.progressDeadlineAbort), Boolean.TRUE.equals(spec.paused),
                strategy != null && strategy.blueGreen != null, c == null ? null : canary(c));
    }

    static RolloutDefinition.WorkloadRefDef workloadRef(RolloutSpec spec) {
        return spec.workloadRef == null ? null
                : new RolloutDefinition.WorkloadRefDef(spec.workloadRef.kind, spec.workloadRef.name, spec.workloadRef.scaleDown);
    }

    static BlueGreenDefinition blueGreen(BlueGreenStrategy b) {
        return new BlueGreenDefinition(b.activeService, b.previewService, b.autoPromotionEnabled, b.autoPromotionSeconds,
                b.scaleDownDelaySeconds, b.previewReplicaCount,
                b.prePromotionAnalysis == null ? null : analysis(b.prePromotionAnalysis),
                b.postPromotionAnalysis == null ? null : analysis(b.postPromotionAnalysis),
                b.trafficRouting != null, b.trafficRouting == null ? null : routing(b.trafficRouting));
    }

    private static RolloutDefinition.Canary canary(CanaryStrategy c) {
        List<RolloutDefinition.StepDef> steps = c.steps == null ? null : c.steps.stream().map(x -> orEmpty(x, CanaryStrategy.CanaryStep::new)).map(SpecMapper::step).toList();
        return new RolloutDefinition.Canary(c.stableService, c.canaryService, text(c.maxSurge), text(c.maxUnavailable), steps,
                c.analysis == null ? null : analysis(c.analysis), c.analysis == null ? null : c.analysis.startingStep,
                c.trafficRouting != null, c.trafficRouting == null ? null : routing(c.trafficRouting),
                c.scaleDownDelaySeconds, c.abortScaleDownDelaySeconds, Boolean.TRUE.equals(c.dynamicStableScale),
                c.progression == null ? null : progression(c.progression));
    }

    private static RolloutDefinition.StepDef step(CanaryStrategy.CanaryStep s) {
        return new RolloutDefinition.StepDef(s.setWeight, s.pause != null, s.pause == null ? null : text(s.pause.duration),
                s.analysis == null ? null : analysis(s.analysis),
                s.setCanaryScale == null ? null : new RolloutDefinition.ScaleDef(s.setCanaryScale.replicas,
                        s.setCanaryScale.weight, s.setCanaryScale.matchTrafficWeight));
    }

    /** A list element written as {@code null} reads as an empty one, which validation reports like any empty element. */
    private static <T> T orEmpty(T element, java.util.function.Supplier<T> empty) {
        return element == null ? empty.get() : element;
    }

    private static RolloutDefinition.AnalysisDef analysis(CanaryStrategy.RolloutAnalysis a) {
        List<AnalysisRequested.TemplateRef> templates = a.templates == null ? null : a.templates.stream().map(x -> orEmpty(x, CanaryStrategy.TemplateRef::new))
                .map(t -> new AnalysisRequested.TemplateRef(t.templateName, Boolean.TRUE.equals(t.clusterScope))).toList();
        List<AnalysisRequested.Arg> args = a.args == null ? null : a.args.stream().map(x -> orEmpty(x, CanaryStrategy.AnalysisArg::new))
                .map(arg -> new AnalysisRequested.Arg(arg.name, arg.value,
                        arg.valueFrom == null || arg.valueFrom.secretKeyRef == null ? null
                                : new AnalysisRequested.SecretKeyRef(arg.valueFrom.secretKeyRef.name, arg.valueFrom.secretKeyRef.key)))
                .toList();
        return new RolloutDefinition.AnalysisDef(templates, args);
    }

    private static RolloutDefinition.ProgressionDef progression(CanaryStrategy.Progression p) {
        List<RolloutDefinition.MetricDef> metrics = p.metrics == null ? null : p.metrics.stream().map(x -> orEmpty(x, CanaryStrategy.ProgressionMetric::new))
                .map(m -> new RolloutDefinition.MetricDef(m.name, m.thresholdRange == null ? null : m.thresholdRange.min,
                        m.thresholdRange == null ? null : m.thresholdRange.max, m.interval,
                        m.templateRef == null ? null : m.templateRef.templateName,
                        m.templateRef != null && Boolean.TRUE.equals(m.templateRef.clusterScope)))
                .toList();
        return new RolloutDefinition.ProgressionDef(p.interval, p.stepWeight, p.stepWeights, p.maxWeight, p.threshold, metrics,
                p.stepWeightPromotion, Boolean.TRUE.equals(p.skipAnalysis));
    }

    /** The routing spec as it travels on every traffic.shift.requested (single-object fields folded into lists). */
    static TrafficRouting routing(TrafficRoutingSpec r) {
        TrafficRouting.Istio istio = null;
        if (r.istio != null) {
            List<TrafficRouting.VirtualService> vss = new ArrayList<>();
            if (r.istio.virtualService != null) {
                vss.add(vs(r.istio.virtualService));
            }
            if (r.istio.virtualServices != null) {
                r.istio.virtualServices.forEach(v -> vss.add(vs(v)));
            }
            istio = new TrafficRouting.Istio(vss, r.istio.destinationRule == null ? null
                    : new TrafficRouting.DestinationRule(r.istio.destinationRule.name, r.istio.destinationRule.canarySubsetName,
                            r.istio.destinationRule.stableSubsetName));
        }
        TrafficRouting.Nginx nginx = r.nginx == null ? null : new TrafficRouting.Nginx(r.nginx.stableIngress,
                r.nginx.stableIngresses, r.nginx.annotationPrefix, r.nginx.additionalIngressAnnotations);
        TrafficRouting.GatewayApi gateway = null;
        if (r.gatewayAPI != null) {
            List<String> routes = new ArrayList<>();
            if (r.gatewayAPI.httpRoute != null) {
                routes.add(r.gatewayAPI.httpRoute);
            }
            if (r.gatewayAPI.httpRoutes != null) {
                routes.addAll(r.gatewayAPI.httpRoutes);
            }
            gateway = new TrafficRouting.GatewayApi(routes, r.gatewayAPI.grpcRoutes, r.gatewayAPI.ruleNames);
        }
        TrafficRouting.Traefik traefik = r.traefik == null ? null : new TrafficRouting.Traefik(r.traefik.weightedTraefikServiceName);
        return new TrafficRouting(istio, nginx, gateway, traefik);
    }

    private static TrafficRouting.VirtualService vs(TrafficRoutingSpec.VirtualService v) {
        return new TrafficRouting.VirtualService(v.name, v.routes, v.tlsRoutes, v.tcpRoutes);
    }

    private static String text(IntOrString v) {
        if (v == null) {
            return null;
        }
        return v.getIntVal() != null ? v.getIntVal().toString() : v.getStrVal();
    }
}
