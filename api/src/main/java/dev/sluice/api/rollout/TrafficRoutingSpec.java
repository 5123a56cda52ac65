package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.List;
import java.util.Map;

/** {@code strategy.canary.trafficRouting}: the routers that carry the weights (Argo field names). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficRoutingSpec {
    @JsonPropertyDescription("Istio VirtualService(s), host-level or with a DestinationRule for subset-level routing.")
    public Istio istio;
    @JsonPropertyDescription("NGINX Ingress: Sluice manages a canary Ingress beside each stable Ingress.")
    public Nginx nginx;
    @JsonPropertyDescription("Gateway API HTTPRoute(s) whose backendRefs carry the weights.")
    public GatewayApi gatewayAPI;
    @JsonPropertyDescription("Traefik TraefikService with weighted stable and canary services.")
    public Traefik traefik;
    @JsonPropertyDescription("SMI TrafficSplit (Linkerd, OSM), created and owned by Sluice.")
    public Smi smi;
    @JsonPropertyDescription("Traffic router plugins (Argo's trafficRouting.plugins): plugin name -> its own configuration object, "
            + "handed as-is to the traffic-svc router registered under that name.")
    @PreserveUnknownFields
    public Map<String, JsonNode> plugins;
    @JsonPropertyDescription("Header and mirror routes Sluice may add (setHeaderRoute / setMirrorRoute names), highest precedence first.")
    public List<ManagedRoutes.ManagedRoute> managedRoutes;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Istio {
        public VirtualService virtualService;
        public List<VirtualService> virtualServices;
        public DestinationRule destinationRule;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class VirtualService {
        @JsonPropertyDescription("VirtualService name in the Rollout's namespace.")
        public String name;
        @JsonPropertyDescription("HTTP route names Sluice manages; empty = the only route.")
        public List<String> routes;
        public List<String> tlsRoutes;
        public List<String> tcpRoutes;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DestinationRule {
        public String name;
        public String canarySubsetName;
        public String stableSubsetName;
        @JsonPropertyDescription("Other subsets a managed route may route to; their weights are left as they are.")
        public List<String> additionalSubsetNames;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Nginx {
        public String stableIngress;
        public List<String> stableIngresses;
        @JsonPropertyDescription("Annotation prefix of the ingress controller (default nginx.ingress.kubernetes.io).")
        public String annotationPrefix;
        public Map<String, String> additionalIngressAnnotations;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class GatewayApi {
        public String httpRoute;
        public List<String> httpRoutes;
        public List<String> grpcRoutes;
        public List<String> ruleNames;
        @JsonPropertyDescription("TLSRoutes (gateway.networking.k8s.io/v1alpha2) whose backendRefs carry the weights.")
        public List<String> tlsRoutes;
        @JsonPropertyDescription("TCPRoutes (gateway.networking.k8s.io/v1alpha2) whose backendRefs carry the weights.")
        public List<String> tcpRoutes;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Traefik {
        public String weightedTraefikServiceName;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Smi {
        @JsonPropertyDescription("Service clients call (default the stable Service).")
        public String rootService;
        @JsonPropertyDescription("TrafficSplit name (default the Rollout's name).")
        public String trafficSplitName;
    }
}
