package dev.sluice.events;

import java.util.List;

/**
 * The rollout's full routing spec, as carried on every {@link TrafficShiftRequested} so traffic-svc needs
 * no state. Field names follow Argo Rollouts' {@code trafficRouting}. Any of the routers may be set; all
 * that are set are applied together.
 */
public record TrafficRouting(
        Istio istio,
        Nginx nginx,
        GatewayApi gatewayAPI,
        Traefik traefik) {

    /** Istio: VirtualServices (host- or subset-level) and an optional DestinationRule for subset-level routing. */
    public record Istio(List<VirtualService> virtualServices, DestinationRule destinationRule) {
    }

    /** One VirtualService and the route names Sluice manages in it; no names = the only route. */
    public record VirtualService(String name, List<String> routes, List<String> tlsRoutes, List<String> tcpRoutes) {
    }

    public record DestinationRule(String name, String canarySubsetName, String stableSubsetName) {
    }

    /** NGINX Ingress: one or more stable Ingresses; Sluice owns a canary Ingress per stable Ingress. */
    public record Nginx(String stableIngress, List<String> stableIngresses, String annotationPrefix,
            java.util.Map<String, String> additionalIngressAnnotations) {
    }

    /** Gateway API: HTTPRoute(s) and/or GRPCRoute(s) whose two backendRefs carry the weights. */
    public record GatewayApi(List<String> httpRoutes, List<String> grpcRoutes, List<String> ruleNames) {
    }

    /** Traefik: a TraefikService whose weighted services are the stable and canary Services. */
    public record Traefik(String weightedTraefikServiceName) {
    }
}
