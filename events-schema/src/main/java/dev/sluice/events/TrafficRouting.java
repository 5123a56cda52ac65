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
        Traefik traefik,
        /** SMI TrafficSplit (Linkerd, OSM). */
        Smi smi,
        /**
         * Argo's {@code managedRoutes}: the names of the header and mirror routes Sluice may add, highest
         * precedence first; added routes go ahead of the weighted route in this order.
         */
        List<String> managedRoutes) {

    /** The four routers of the first version; no SMI, no managed routes. */
    public TrafficRouting(Istio istio, Nginx nginx, GatewayApi gatewayAPI, Traefik traefik) {
        this(istio, nginx, gatewayAPI, traefik, null, null);
    }

    /** Istio: VirtualServices (host- or subset-level) and an optional DestinationRule for subset-level routing. */
    public record Istio(List<VirtualService> virtualServices, DestinationRule destinationRule) {
    }

    /** One VirtualService and the route names Sluice manages in it; no names = the only route. */
    public record VirtualService(String name, List<String> routes, List<String> tlsRoutes, List<String> tcpRoutes) {
    }

    /**
     * {@code additionalSubsetNames}: other subsets a managed route may also route to (Argo); Sluice leaves
     * their weights alone and gives stable and canary what is left.
     */
    public record DestinationRule(String name, String canarySubsetName, String stableSubsetName, List<String> additionalSubsetNames) {

        public DestinationRule(String name, String canarySubsetName, String stableSubsetName) {
            this(name, canarySubsetName, stableSubsetName, null);
        }
    }

    /** NGINX Ingress: one or more stable Ingresses; Sluice owns a canary Ingress per stable Ingress. */
    public record Nginx(String stableIngress, List<String> stableIngresses, String annotationPrefix,
            java.util.Map<String, String> additionalIngressAnnotations) {
    }

    /** Gateway API: HTTPRoute(s), GRPCRoute(s), TLSRoute(s) and/or TCPRoute(s) whose two backendRefs carry the weights. */
    public record GatewayApi(List<String> httpRoutes, List<String> grpcRoutes, List<String> ruleNames, List<String> tlsRoutes,
            List<String> tcpRoutes) {

        public GatewayApi(List<String> httpRoutes, List<String> grpcRoutes, List<String> ruleNames) {
            this(httpRoutes, grpcRoutes, ruleNames, null, null);
        }
    }

    /** Traefik: a TraefikService whose weighted services are the stable and canary Services. */
    public record Traefik(String weightedTraefikServiceName) {
    }

    /**
     * SMI (Argo's {@code smi}): a TrafficSplit {@code split.smi-spec.io/v1alpha2} for {@code rootService}, named
     * {@code trafficSplitName} (default: the rollout's name), created and owned by Sluice.
     */
    public record Smi(String rootService, String trafficSplitName) {
    }
}
