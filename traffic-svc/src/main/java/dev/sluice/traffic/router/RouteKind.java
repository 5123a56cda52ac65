package dev.sluice.traffic.router;

/** Every kind of object a router reads or writes, with what the Kubernetes API needs to address it. */
public enum RouteKind {
    VIRTUAL_SERVICE("networking.istio.io", "v1", "VirtualService", "virtualservices"),
    DESTINATION_RULE("networking.istio.io", "v1", "DestinationRule", "destinationrules"),
    INGRESS("networking.k8s.io", "v1", "Ingress", "ingresses"),
    HTTP_ROUTE("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    GRPC_ROUTE("gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes"),
    TLS_ROUTE("gateway.networking.k8s.io", "v1alpha2", "TLSRoute", "tlsroutes"),
    TCP_ROUTE("gateway.networking.k8s.io", "v1alpha2", "TCPRoute", "tcproutes"),
    TRAEFIK_SERVICE("traefik.io", "v1alpha1", "TraefikService", "traefikservices"),
    TRAFFIC_SPLIT("split.smi-spec.io", "v1alpha2", "TrafficSplit", "trafficsplits");

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;

    RouteKind(String group, String version, String kind, String plural) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }
}
