package dev.sluice.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the traffic split out of route objects the way a mesh or ingress controller would. Pure: route
 * objects as JSON trees in, {@link Split}s out. A route counts only when its two backends are the stable and
 * canary Service of a known {@link ServicePair}.
 */
public final class RouteSplits {
    static final String NGINX_PREFIX = "nginx.ingress.kubernetes.io/";

    private RouteSplits() {
    }

    /** Istio host-level VirtualService: the first HTTP route whose destinations are the pair. */
    public static Optional<Split> virtualService(JsonNode vs, List<ServicePair> pairs) {
        for (JsonNode http : vs.path("spec").path("http")) {
            List<String> hosts = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (JsonNode route : http.path("route")) {
                hosts.add(serviceName(route.path("destination").path("host").asText("")));
                weights.add(route.has("weight") ? route.path("weight").asInt() : -1);
            }
            Optional<Split> split = split(id("VirtualService", vs), hosts, weights, 100, pairs);
            if (split.isPresent()) {
                return split;
            }
        }
        return Optional.empty();
    }

    /** Gateway API HTTPRoute: the first rule whose backendRefs are the pair (weights relative, default 1). */
    public static Optional<Split> httpRoute(JsonNode route, List<ServicePair> pairs) {
        for (JsonNode rule : route.path("spec").path("rules")) {
            List<String> names = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            for (JsonNode ref : rule.path("backendRefs")) {
                names.add(ref.path("name").asText(""));
                weights.add(ref.has("weight") ? ref.path("weight").asInt() : 1);
            }
            Optional<Split> split = split(id("HTTPRoute", route), names, weights, -1, pairs);
            if (split.isPresent()) {
                return split;
            }
        }
        return Optional.empty();
    }

    /**
     * NGINX Ingress: a stable Ingress sends to the stable Service; the canary Ingress of the same host (annotation
     * {@code canary: "true"}) takes {@code canary-weight} out of {@code canary-weight-total} (default 100).
     */
    public static List<Split> nginx(List<JsonNode> ingresses, List<ServicePair> pairs) {
        List<Split> splits = new ArrayList<>();
        for (JsonNode stable : ingresses) {
            if (isCanaryIngress(stable)) {
                continue;
            }
            String stableService = firstBackend(stable);
            for (ServicePair pair : pairs) {
                if (!pair.stableService().equals(stableService)) {
                    continue;
                }
                int percent = 0;
                for (JsonNode canary : ingresses) {
                    if (isCanaryIngress(canary) && pair.canaryService().equals(firstBackend(canary))
                            && namespace(canary).equals(namespace(stable)) && firstHost(canary).equals(firstHost(stable))) {
                        JsonNode annotations = canary.path("metadata").path("annotations");
                        int weight = parseInt(annotations.path(NGINX_PREFIX + "canary-weight").asText("0"));
                        int total = parseInt(annotations.path(NGINX_PREFIX + "canary-weight-total").asText("100"));
                        percent = total <= 0 ? 0 : Math.round(100f * weight / total);
                    }
                }
                splits.add(new Split(id("Ingress", stable), pair.stableService(), pair.canaryService(), clamp(percent)));
            }
        }
        return splits;
    }

    private static Optional<Split> split(String id, List<String> names, List<Integer> weights, int impliedTotal,
            List<ServicePair> pairs) {
        for (ServicePair pair : pairs) {
            int stable = names.indexOf(pair.stableService());
            int canary = names.indexOf(pair.canaryService());
            if (stable < 0 || canary < 0 || names.size() != 2) {
                continue;
            }
            int ws = weights.get(stable);
            int wc = weights.get(canary);
            if (impliedTotal > 0) { // Istio: weights are percentages; an unset weight on a pair means 0
                ws = Math.max(ws, 0);
                wc = Math.max(wc, 0);
            }
            int total = ws + wc;
            int percent = total <= 0 ? 0 : Math.round(100f * wc / total);
            return Optional.of(new Split(id, pair.stableService(), pair.canaryService(), clamp(percent)));
        }
        return Optional.empty();
    }

    private static boolean isCanaryIngress(JsonNode ingress) {
        return "true".equals(ingress.path("metadata").path("annotations").path(NGINX_PREFIX + "canary").asText());
    }

    private static String firstBackend(JsonNode ingress) {
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                return path.path("backend").path("service").path("name").asText("");
            }
        }
        return ingress.path("spec").path("defaultBackend").path("service").path("name").asText("");
    }

    private static String firstHost(JsonNode ingress) {
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            return rule.path("host").asText("");
        }
        return "";
    }

    /** {@code web-canary.demo.svc.cluster.local} → {@code web-canary}. */
    static String serviceName(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText("");
    }

    private static String id(String kind, JsonNode o) {
        return kind + " " + namespace(o) + "/" + o.path("metadata").path("name").asText("");
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int clamp(int percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
