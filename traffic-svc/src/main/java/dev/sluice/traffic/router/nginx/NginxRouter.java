package dev.sluice.traffic.router.nginx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Nodes;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteException;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.RouteWeight;
import dev.sluice.traffic.router.Target;
import dev.sluice.traffic.router.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ingress-nginx: for every stable Ingress Sluice owns a canary Ingress named
 * {@code <rollout>-<stable ingress>-canary}, created from the stable one (its class and the rules whose
 * backend is the stable Service, pointed at the canary Service) and carrying the canary annotations:
 * {@code <prefix>/canary}, {@code canary-weight}, {@code canary-weight-total} and, for a header route,
 * {@code canary-by-header} with {@code -value} or {@code -pattern} (or {@code canary-by-cookie} for match
 * type {@code cookie}). At 0% the canary Ingress stays, with weight 0. The stable Ingress is never written.
 */
public final class NginxRouter implements TrafficRouter {
    public static final String NAME = "nginx";
    public static final String DEFAULT_PREFIX = "nginx.ingress.kubernetes.io";
    static final int TOTAL = 100;
    private static final List<String> HEADER_KEYS = List.of("canary-by-header", "canary-by-header-value",
            "canary-by-header-pattern", "canary-by-cookie");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configuredIn(Desired desired) {
        return desired.routing().nginx() != null;
    }

    /** The stable Ingresses of the spec: {@code stableIngresses}, or the one {@code stableIngress}. */
    public static List<String> stableIngresses(TrafficRouting.Nginx nginx) {
        List<String> names = new ArrayList<>();
        if (nginx.stableIngresses() != null) {
            names.addAll(nginx.stableIngresses());
        }
        if (nginx.stableIngress() != null && !nginx.stableIngress().isBlank() && !names.contains(nginx.stableIngress())) {
            names.add(0, nginx.stableIngress());
        }
        return names;
    }

    public static String canaryIngressName(String rolloutName, String stableIngress) {
        String name = rolloutName + "-" + stableIngress + "-canary";
        return name.length() <= 253 ? name : name.substring(0, 253);
    }

    @Override
    public List<Target> targets(Desired desired) {
        List<Target> targets = new ArrayList<>();
        for (String stable : stableIngresses(desired.routing().nginx())) {
            ObjectRef canary = new ObjectRef(RouteKind.INGRESS, desired.namespace(), canaryIngressName(desired.rolloutName(), stable));
            targets.add(new Target(NAME, canary, Optional.of(new ObjectRef(RouteKind.INGRESS, desired.namespace(), stable))));
        }
        return targets;
    }

    @Override
    public Optional<ObjectNode> initial(Target target, ObjectNode template, Desired desired) {
        ObjectNode canary = Nodes.JSON.objectNode();
        canary.put("apiVersion", RouteKind.INGRESS.apiVersion());
        canary.put("kind", RouteKind.INGRESS.kind());
        ObjectNode metadata = canary.putObject("metadata");
        metadata.put("name", target.ref().name());
        metadata.put("namespace", target.ref().namespace());
        canary.putObject("spec");
        return Optional.of(canary);
    }

    /**
     * Class and rules follow the stable Ingress on every write: the canary Ingress belongs to Sluice. Only
     * paths whose backend is the stable Service are copied, pointed at the canary Service.
     */
    @Override
    public void follow(Target target, ObjectNode canary, ObjectNode stable, Desired desired) {
        ObjectNode spec = Nodes.spec(canary);
        JsonNode stableSpec = stable.path("spec");
        if (stableSpec.has("ingressClassName")) {
            spec.set("ingressClassName", stableSpec.get("ingressClassName").deepCopy());
        } else {
            spec.remove("ingressClassName");
        }
        Optional<String> legacyClass = Nodes.annotation(stable, "kubernetes.io/ingress.class");
        legacyClass.ifPresent(c -> Nodes.annotations(canary).put("kubernetes.io/ingress.class", c));
        ArrayNode rules = Nodes.JSON.arrayNode();
        for (ObjectNode rule : Nodes.objects(stableSpec, "rules")) {
            ArrayNode paths = Nodes.JSON.arrayNode();
            for (ObjectNode path : Nodes.objects(rule.path("http"), "paths")) {
                JsonNode service = path.path("backend").path("service");
                if (desired.stableService().equals(Nodes.text(service, "name"))) {
                    ObjectNode copy = path.deepCopy();
                    ((ObjectNode) copy.path("backend").path("service")).put("name", desired.canaryService());
                    paths.add(copy);
                }
            }
            if (!paths.isEmpty()) {
                ObjectNode copy = rule.deepCopy();
                Nodes.object(copy, "http").set("paths", paths);
                rules.add(copy);
            }
        }
        if (rules.isEmpty()) {
            ObjectRef stableRef = target.template().orElse(target.ref());
            throw new RouteException(stableRef + " has no path whose backend is the stable Service '"
                    + desired.stableService() + "'");
        }
        spec.set("rules", rules);
    }

    @Override
    public void setWeight(Target target, ObjectNode object, Desired desired) {
        TrafficRouting.Nginx nginx = desired.routing().nginx();
        ObjectNode annotations = Nodes.annotations(object);
        Map<String, String> extra = nginx.additionalIngressAnnotations() == null ? Map.of() : nginx.additionalIngressAnnotations();
        extra.forEach((k, v) -> annotations.put(k.contains("/") ? k : prefix(nginx) + "/" + k, v));
        annotations.put(prefix(nginx) + "/canary", "true");
        annotations.put(prefix(nginx) + "/canary-weight", Integer.toString(desired.canaryWeight()));
        annotations.put(prefix(nginx) + "/canary-weight-total", Integer.toString(TOTAL));
    }

    @Override
    public void setHeaderRoutes(Target target, ObjectNode object, Desired desired) {
        TrafficRouting.Nginx nginx = desired.routing().nginx();
        removeHeaderAnnotations(object, prefix(nginx));
        if (desired.headerRoutes().isEmpty()) {
            return;
        }
        if (desired.headerRoutes().size() > 1) {
            throw new RouteException(target.ref() + ": an NGINX canary Ingress takes one header route, the request has "
                    + desired.headerRoutes().size());
        }
        HeaderRoute header = desired.headerRoutes().get(0);
        ObjectNode annotations = Nodes.annotations(object);
        String p = prefix(nginx) + "/";
        switch (header.matchType()) {
            case "exact" -> {
                annotations.put(p + "canary-by-header", header.headerName());
                annotations.put(p + "canary-by-header-value", header.value());
            }
            case "regex" -> {
                annotations.put(p + "canary-by-header", header.headerName());
                annotations.put(p + "canary-by-header-pattern", header.value());
            }
            case "prefix" -> {
                annotations.put(p + "canary-by-header", header.headerName());
                annotations.put(p + "canary-by-header-pattern", Nodes.prefixRegex(header.value()));
            }
            case "cookie" -> annotations.put(p + "canary-by-cookie", header.headerName());
            default -> throw new RouteException("header route '" + header.routeName() + "' for " + target.ref()
                    + " has match type '" + header.matchType() + "'; NGINX takes exact, prefix, regex or cookie");
        }
    }

    /** Removes the header and cookie annotations under any prefix. */
    @Override
    public void removeManagedRoutes(Target target, ObjectNode object) {
        ObjectNode annotations = Nodes.annotations(object);
        List<String> keys = new ArrayList<>();
        annotations.fieldNames().forEachRemaining(keys::add);
        keys.stream().filter(k -> HEADER_KEYS.stream().anyMatch(h -> k.endsWith("/" + h))).forEach(annotations::remove);
    }

    private static void removeHeaderAnnotations(ObjectNode object, String prefix) {
        ObjectNode annotations = Nodes.annotations(object);
        HEADER_KEYS.forEach(k -> annotations.remove(prefix + "/" + k));
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        String p = prefix(desired.routing().nginx()) + "/";
        if (!"true".equals(Nodes.annotation(object, p + "canary").orElse(null))) {
            throw new RouteException(target.ref() + " is not marked " + p + "canary: \"true\"");
        }
        try {
            long weight = Long.parseLong(Nodes.annotation(object, p + "canary-weight").orElse("0"));
            long total = Long.parseLong(Nodes.annotation(object, p + "canary-weight-total").orElse("100"));
            return List.of(new RouteWeight(null, Nodes.percent(total - weight, weight)));
        } catch (NumberFormatException e) {
            throw new RouteException(target.ref() + " has a canary weight annotation that is not a number");
        }
    }

    public static String prefix(TrafficRouting.Nginx nginx) {
        return nginx.annotationPrefix() == null || nginx.annotationPrefix().isBlank() ? DEFAULT_PREFIX : nginx.annotationPrefix();
    }
}
