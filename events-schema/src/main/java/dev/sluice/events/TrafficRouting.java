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

    // Build a routing from these rather than the constructors: a new field then changes this file, not every caller.

    /** No router at all (a rollout without {@code trafficRouting}: replica counts only). */
    public static TrafficRouting none() {
        return new TrafficRouting(null, null, null, null, null, null);
    }

    public static TrafficRouting of(Istio istio) {
        return none().withIstio(istio);
    }

    public static TrafficRouting of(Nginx nginx) {
        return none().withNginx(nginx);
    }

    public static TrafficRouting of(GatewayApi gatewayAPI) {
        return none().withGatewayAPI(gatewayAPI);
    }

    public static TrafficRouting of(Traefik traefik) {
        return none().withTraefik(traefik);
    }

    public static TrafficRouting of(Smi smi) {
        return none().withSmi(smi);
    }

    public TrafficRouting withIstio(Istio istio) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    public TrafficRouting withNginx(Nginx nginx) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    public TrafficRouting withGatewayAPI(GatewayApi gatewayAPI) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    public TrafficRouting withTraefik(Traefik traefik) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    public TrafficRouting withSmi(Smi smi) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    public TrafficRouting withManagedRoutes(List<String> managedRoutes) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes);
    }

    /** Whether any router is set. */
    public boolean routed() {
        return istio != null || nginx != null || gatewayAPI != null || traefik != null || smi != null;
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
