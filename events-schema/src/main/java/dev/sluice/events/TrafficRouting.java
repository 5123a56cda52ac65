package dev.sluice.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The rollout's full routing spec, as carried on every {@link TrafficShiftRequested} so traffic-svc needs
 * no state. Field names follow Argo Rollouts' {@code trafficRouting}. Any of the routers may be set; all
 * that are set are applied together.
 *
 * <p>{@code plugins} is Argo's {@code trafficRouting.plugins}: router name to that router's own configuration,
 * carried as an opaque JSON object. A new router reads its configuration from there, so adding one changes
 * neither this record nor the Rollout CRD.
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
        List<String> managedRoutes,
        /** Argo's {@code plugins}: router plugin name to its opaque configuration object (may be null). */
        Map<String, JsonNode> plugins) {

    // Build a routing from these rather than the constructors: a new field then changes this file, not every caller.

    /** No router at all (a rollout without {@code trafficRouting}: replica counts only). */
    public static TrafficRouting none() {
        return new TrafficRouting(null, null, null, null, null, null, null);
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
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    public TrafficRouting withNginx(Nginx nginx) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    public TrafficRouting withGatewayAPI(GatewayApi gatewayAPI) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    public TrafficRouting withTraefik(Traefik traefik) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    public TrafficRouting withSmi(Smi smi) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    public TrafficRouting withManagedRoutes(List<String> managedRoutes) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    /** One router plugin with its configuration object, beside the plugins already set. */
    public static TrafficRouting plugin(String name, JsonNode config) {
        return none().withPlugin(name, config);
    }

    public TrafficRouting withPlugin(String name, JsonNode config) {
        Map<String, JsonNode> all = new java.util.LinkedHashMap<>(plugins == null ? Map.of() : plugins);
        all.put(name, config);
        return withPlugins(all);
    }

    public TrafficRouting withPlugins(Map<String, JsonNode> plugins) {
        return new TrafficRouting(istio, nginx, gatewayAPI, traefik, smi, managedRoutes, plugins);
    }

    /** The configuration of plugin {@code name}, or null when the routing does not name it. */
    public JsonNode plugin(String name) {
        return plugins == null ? null : plugins.get(name);
    }

    /** Whether any router is set (a built-in one or a plugin). */
    public boolean routed() {
        return istio != null || nginx != null || gatewayAPI != null || traefik != null || smi != null
                || (plugins != null && !plugins.isEmpty());
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
