package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.ManagedRoutes;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.rollout.TrafficRoutingSpec;
import dev.sluice.controller.rollout.FieldRefs;
import dev.sluice.controller.rollout.RolloutDefinition;
import dev.sluice.controller.rollout.bluegreen.BlueGreenDefinition;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translates the Kubernetes model into the core's {@link RolloutDefinition} (no validation here). */
final class SpecMapper {

    private SpecMapper() {
    }

    /**
     * @param referencedReplicas the replicas of the Deployment a {@code workloadRef} names, used when the Rollout sets
     *     none (Flagger takes them from the target Deployment); null when there is none
     */
    static RolloutDefinition definition(RolloutSpec spec, Integer referencedReplicas) {
        return definition(spec, referencedReplicas, null);
    }

    /** The definition of {@code rollout}; its metadata resolves the analysis args taken from {@code fieldRef}. */
    static RolloutDefinition definition(Rollout rollout, Integer referencedReplicas) {
        ObjectMeta m = rollout.getMetadata();
        FieldRefs.Meta meta = m == null ? null : new FieldRefs.Meta(m.getName(), m.getNamespace(), m.getLabels(), m.getAnnotations());
        return definition(rollout.getSpec(), referencedReplicas, meta);
    }

    private static RolloutDefinition definition(RolloutSpec spec, Integer referencedReplicas, FieldRefs.Meta meta) {
        RolloutSpec.Strategy strategy = spec.strategy;
        CanaryStrategy c = strategy == null ? null : strategy.canary;
        Integer replicas = spec.replicas == null && spec.workloadRef != null ? referencedReplicas : spec.replicas;
        return new RolloutDefinition(replicas, spec.selector != null, spec.template != null, spec.workloadRef != null,
                spec.progressDeadlineSeconds, Boolean.TRUE.equals(spec.progressDeadlineAbort), Boolean.TRUE.equals(spec.paused),
                strategy != null && strategy.blueGreen != null, c == null ? null : canary(c, meta),
                spec.rollbackWindow == null ? null : spec.rollbackWindow.revisions, spec.restartAt);
    }

    static RolloutDefinition.WorkloadRefDef workloadRef(RolloutSpec spec) {
        return spec.workloadRef == null ? null
                : new RolloutDefinition.WorkloadRefDef(spec.workloadRef.kind, spec.workloadRef.name, spec.workloadRef.scaleDown);
    }

    static BlueGreenDefinition blueGreen(BlueGreenStrategy b) {
        return blueGreen(b, null);
    }

    /** {@code rollout}'s blue-green strategy; its metadata resolves the analysis args taken from {@code fieldRef}. */
    static BlueGreenDefinition blueGreen(Rollout rollout) {
        ObjectMeta m = rollout.getMetadata();
        return blueGreen(rollout.getSpec().strategy.blueGreen, m == null ? null
                : new FieldRefs.Meta(m.getName(), m.getNamespace(), m.getLabels(), m.getAnnotations()));
    }

    private static BlueGreenDefinition blueGreen(BlueGreenStrategy b, FieldRefs.Meta meta) {
        return new BlueGreenDefinition(b.activeService, b.previewService, b.autoPromotionEnabled, b.autoPromotionSeconds,
                b.scaleDownDelaySeconds, b.previewReplicaCount,
                b.prePromotionAnalysis == null ? null : analysis(b.prePromotionAnalysis, meta),
                b.postPromotionAnalysis == null ? null : analysis(b.postPromotionAnalysis, meta),
                b.trafficRouting != null, b.trafficRouting == null ? null : routing(b.trafficRouting),
                b.abortScaleDownDelaySeconds, b.scaleDownDelayRevisionLimit);
    }

    private static RolloutDefinition.Canary canary(CanaryStrategy c, FieldRefs.Meta meta) {
        List<RolloutDefinition.StepDef> steps = c.steps == null ? null : c.steps.stream()
                .map(x -> orEmpty(x, CanaryStrategy.CanaryStep::new)).map(s -> step(s, meta)).toList();
        return new RolloutDefinition.Canary(c.stableService, c.canaryService, text(c.maxSurge), text(c.maxUnavailable), steps,
                c.analysis == null ? null : analysis(c.analysis, meta), c.analysis == null ? null : c.analysis.startingStep,
                c.trafficRouting != null, c.trafficRouting == null ? null : routing(c.trafficRouting),
                c.scaleDownDelaySeconds, c.abortScaleDownDelaySeconds, Boolean.TRUE.equals(c.dynamicStableScale),
                c.progression == null ? null : progression(c.progression), c.minPodsPerReplicaSet, c.scaleDownDelayRevisionLimit);
    }

    private static RolloutDefinition.StepDef step(CanaryStrategy.CanaryStep s, FieldRefs.Meta meta) {
        return new RolloutDefinition.StepDef(s.setWeight, s.pause != null, s.pause == null ? null : text(s.pause.duration),
                s.analysis == null ? null : analysis(s.analysis, meta),
                s.setCanaryScale == null ? null : new RolloutDefinition.ScaleDef(s.setCanaryScale.replicas,
                        s.setCanaryScale.weight, s.setCanaryScale.matchTrafficWeight),
                s.setHeaderRoute == null ? null : new RolloutDefinition.HeaderRouteDef(s.setHeaderRoute.name,
                        s.setHeaderRoute.match == null ? null : s.setHeaderRoute.match.stream()
                                .map(x -> orEmpty(x, ManagedRoutes.HeaderRoutingMatch::new)).map(m -> new RolloutDefinition.HeaderMatchDef(m.headerName, match(m.headerValue))).toList()),
                s.setMirrorRoute == null ? null : new RolloutDefinition.MirrorRouteDef(s.setMirrorRoute.name,
                        routeMatches(s.setMirrorRoute.match), s.setMirrorRoute.percentage));
    }

    /** A list element written as {@code null} reads as an empty one, which validation reports like any empty element. */
    private static <T> T orEmpty(T element, java.util.function.Supplier<T> empty) {
        return element == null ? empty.get() : element;
    }

    /**
     * Literal and secret args in {@code args}; the ones taken from the Rollout in {@code valueFrom}, a fieldRef already
     * resolved against {@code meta} (null without metadata or when the Rollout has no such field).
     */
    private static RolloutDefinition.AnalysisDef analysis(CanaryStrategy.RolloutAnalysis a, FieldRefs.Meta meta) {
        List<AnalysisRequested.TemplateRef> templates = a.templates == null ? null : a.templates.stream().map(x -> orEmpty(x, CanaryStrategy.TemplateRef::new))
                .map(t -> new AnalysisRequested.TemplateRef(t.templateName, Boolean.TRUE.equals(t.clusterScope))).toList();
        if (a.args == null) {
            return new RolloutDefinition.AnalysisDef(templates, null);
        }
        List<AnalysisRequested.Arg> args = new ArrayList<>();
        List<RolloutDefinition.ValueFromDef> valueFrom = new ArrayList<>();
        for (int i = 0; i < a.args.size(); i++) {
            CanaryStrategy.AnalysisArg arg = orEmpty(a.args.get(i), CanaryStrategy.AnalysisArg::new);
            CanaryStrategy.ArgValueFrom from = arg.valueFrom;
            if (from != null && (from.fieldRef != null || from.podTemplateHashValue != null) && from.secretKeyRef == null
                    && arg.value == null) {
                String path = from.fieldRef == null ? null : from.fieldRef.fieldPath;
                valueFrom.add(new RolloutDefinition.ValueFromDef(i, arg.name, path,
                        path == null ? null : FieldRefs.resolve(path, meta).orElse(null), from.podTemplateHashValue));
            } else {
                args.add(new AnalysisRequested.Arg(arg.name, arg.value, from == null || from.secretKeyRef == null ? null
                        : new AnalysisRequested.SecretKeyRef(from.secretKeyRef.name, from.secretKeyRef.key)));
            }
        }
        return new RolloutDefinition.AnalysisDef(templates, args, valueFrom);
    }

    private static StringMatch match(ManagedRoutes.StringMatch m) {
        return m == null ? null : new StringMatch(m.exact, m.prefix, m.regex);
    }

    private static List<RouteMatch> routeMatches(List<ManagedRoutes.RouteMatch> matches) {
        if (matches == null) {
            return null;
        }
        return matches.stream().map(x -> orEmpty(x, ManagedRoutes.RouteMatch::new)).map(m -> {
            Map<String, StringMatch> headers = new LinkedHashMap<>();
            if (m.headers != null) {
                // a header without a name or a condition reads as an empty one, which validation reports
                m.headers.forEach((k, v) -> headers.put(k == null ? "" : k, v == null ? new StringMatch(null, null, null) : match(v)));
            }
            return new RouteMatch(match(m.method), match(m.path), headers);
        }).toList();
    }

    private static RolloutDefinition.ProgressionDef progression(CanaryStrategy.Progression p) {
        List<RolloutDefinition.MetricDef> metrics = p.metrics == null ? null : p.metrics.stream().map(x -> orEmpty(x, CanaryStrategy.ProgressionMetric::new))
                .map(m -> new RolloutDefinition.MetricDef(m.name, m.thresholdRange == null ? null : m.thresholdRange.min,
                        m.thresholdRange == null ? null : m.thresholdRange.max, m.interval,
                        m.templateRef == null ? null : m.templateRef.templateName,
                        m.templateRef != null && Boolean.TRUE.equals(m.templateRef.clusterScope)))
                .toList();
        return new RolloutDefinition.ProgressionDef(p.interval, p.stepWeight, p.stepWeights, p.maxWeight, p.threshold, metrics,
                p.stepWeightPromotion, Boolean.TRUE.equals(p.skipAnalysis), routeMatches(p.match), p.iterations,
                p.sessionAffinity == null ? null : new SessionAffinity(p.sessionAffinity.cookieName, p.sessionAffinity.maxAge));
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
                            r.istio.destinationRule.stableSubsetName, r.istio.destinationRule.additionalSubsetNames));
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
            gateway = new TrafficRouting.GatewayApi(routes, r.gatewayAPI.grpcRoutes, r.gatewayAPI.ruleNames,
                    r.gatewayAPI.tlsRoutes, r.gatewayAPI.tcpRoutes);
        }
        TrafficRouting.Traefik traefik = r.traefik == null ? null : new TrafficRouting.Traefik(r.traefik.weightedTraefikServiceName);
        TrafficRouting.Smi smi = r.smi == null ? null : new TrafficRouting.Smi(r.smi.rootService, r.smi.trafficSplitName);
        List<String> managed = r.managedRoutes == null ? null : r.managedRoutes.stream().map(m -> m == null ? null : m.name).toList();
        // plugin configurations travel as the opaque objects the user wrote; traffic-svc's plugin routers read them
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> plugins = r.plugins == null ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.plugins));
        return TrafficRouting.none().withIstio(istio).withNginx(nginx).withGatewayAPI(gateway).withTraefik(traefik).withSmi(smi)
                .withManagedRoutes(managed).withPlugins(plugins);
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
