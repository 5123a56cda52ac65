package dev.sluice.traffic.router.nginx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.AddedRoute;
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
 * {@code canary-by-header} with {@code -value} or {@code -pattern} (or {@code canary-by-cookie} for a match on
 * the {@code cookie} header). At 0% the canary Ingress stays, with weight 0. The stable Ingress is written only
 * for mirroring: {@code mirror-target} and {@code mirror-request-body}, which ingress-nginx reads there only.
 */
public final class NginxRouter implements TrafficRouter {
    public static final String NAME = "nginx";
    public static final String DEFAULT_PREFIX = "nginx.ingress.kubernetes.io";
    static final int TOTAL = 100;
    private static final List<String> HEADER_KEYS = List.of("canary-by-header", "canary-by-header-value",
            "canary-by-header-pattern", "canary-by-cookie");
    private static final List<String> MIRROR_KEYS = List.of("mirror-target", "mirror-request-body");

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
        if (mirrors(desired)) {
            for (String stable : stableIngresses(desired.routing().nginx())) {
                targets.add(Target.of(NAME, new ObjectRef(RouteKind.INGRESS, desired.namespace(), stable)));
            }
        }
        return targets;
    }

    /**
     * The stable Ingresses are written (mirror annotations) while a mirror route is asked for, and whenever the
     * spec lists {@code managedRoutes}, so a mirror route that is no longer wanted is removed again.
     */
    private static boolean mirrors(Desired desired) {
        List<String> managed = desired.routing().managedRoutes();
        return desired.addedRoutes().stream().anyMatch(r -> r.kind() == AddedRoute.Kind.MIRROR) || managed != null && !managed.isEmpty();
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
        if (isStable(target)) {
            return;
        }
        TrafficRouting.Nginx nginx = desired.routing().nginx();
        ObjectNode annotations = Nodes.annotations(object);
        Map<String, String> extra = nginx.additionalIngressAnnotations() == null ? Map.of() : nginx.additionalIngressAnnotations();
        extra.forEach((k, v) -> annotations.put(k.contains("/") ? k : prefix(nginx) + "/" + k, v));
        annotations.put(prefix(nginx) + "/canary", "true");
        annotations.put(prefix(nginx) + "/canary-weight", Integer.toString(desired.canaryWeight()));
        annotations.put(prefix(nginx) + "/canary-weight-total", Integer.toString(TOTAL));
    }

    @Override
    public List<String> violations(Desired desired) {
        List<String> problems = new ArrayList<>();
        if (stableIngresses(desired.routing().nginx()).isEmpty()) {
            problems.add("routing.nginx names no stableIngress or stableIngresses");
        }
        List<AddedRoute> canaryOnly = desired.addedRoutes().stream().filter(r -> r.kind() == AddedRoute.Kind.CANARY).toList();
        if (canaryOnly.size() > 1) {
            problems.add("an NGINX canary Ingress takes one header route, the request has " + canaryOnly.size() + " ("
                    + String.join(", ", canaryOnly.stream().map(AddedRoute::name).toList()) + ")");
        }
        for (AddedRoute route : desired.addedRoutes()) {
            problems.addAll(route.kind() == AddedRoute.Kind.CANARY ? headerProblems(route) : mirrorProblems(route));
        }
        return problems;
    }

    /** ingress-nginx routes to the canary by one header (exact or pattern) or one cookie, nothing else. */
    private static List<String> headerProblems(AddedRoute route) {
        String label = "route '" + route.name() + "'";
        if (route.match().size() != 1) {
            return List.of(label + " has " + route.match().size() + " matches; NGINX takes one header or cookie");
        }
        RouteMatch m = route.match().get(0);
        if (m.method() != null || m.path() != null || m.headers().size() != 1) {
            return List.of(label + " must match exactly one header or cookie on NGINX (canary-by-header / canary-by-cookie),"
                    + " no method or path");
        }
        Map.Entry<String, StringMatch> header = m.headers().entrySet().iterator().next();
        if (header.getKey().equalsIgnoreCase("cookie") && header.getValue().exact() == null) {
            return List.of(label + " matches the cookie header by " + (header.getValue().prefix() != null ? "prefix" : "regex")
                    + "; NGINX takes the cookie name as exact (canary-by-cookie: requests whose cookie is \"always\")");
        }
        return List.of();
    }

    /** ingress-nginx mirrors every request of the stable Ingress, all of them: no match, no percentage. */
    private static List<String> mirrorProblems(AddedRoute route) {
        boolean everything = route.match().stream().anyMatch(m -> m.method() == null && m.headers().isEmpty()
                && (m.path() == null || "/".equals(m.path().prefix())));
        List<String> problems = new ArrayList<>();
        if (!everything) {
            problems.add("mirror route '" + route.name() + "' narrows its match; NGINX mirrors every request of the stable"
                    + " Ingress (match {} or path prefix /)");
        }
        if (route.mirrorPercent() != 100) {
            problems.add("mirror route '" + route.name() + "' mirrors " + route.mirrorPercent()
                    + "%; NGINX mirrors all requests (percentage 100)");
        }
        return problems;
    }

    @Override
    public void setManagedRoutes(Target target, ObjectNode object, Desired desired) {
        String p = prefix(desired.routing().nginx()) + "/";
        if (isStable(target)) {
            setMirror(object, desired, p);
            return;
        }
        ObjectNode annotations = Nodes.annotations(object);
        removeAnnotations(annotations, HEADER_KEYS);
        Optional<AddedRoute> header = desired.addedRoutes().stream().filter(r -> r.kind() == AddedRoute.Kind.CANARY).findFirst();
        if (header.isEmpty()) {
            return;
        }
        List<String> problems = headerProblems(header.get());
        if (!problems.isEmpty()) {
            throw new RouteException(target.ref() + ": " + problems.get(0));
        }
        Map.Entry<String, StringMatch> match = header.get().match().get(0).headers().entrySet().iterator().next();
        StringMatch value = match.getValue();
        if (match.getKey().equalsIgnoreCase("cookie")) {
            annotations.put(p + "canary-by-cookie", value.exact());
        } else if (value.exact() != null) {
            annotations.put(p + "canary-by-header", match.getKey());
            annotations.put(p + "canary-by-header-value", value.exact());
        } else {
            annotations.put(p + "canary-by-header", match.getKey());
            annotations.put(p + "canary-by-header-pattern", value.regex() != null ? value.regex() : Nodes.prefixRegex(value.prefix()));
        }
    }

    /**
     * The mirror annotations live on the stable Ingress (ingress-nginx ignores them on a canary Ingress):
     * {@code mirror-target} to the canary Service and {@code mirror-request-body}; Sluice writes nothing else there
     * but its stamp.
     */
    private void setMirror(ObjectNode stable, Desired desired, String p) {
        ObjectNode annotations = Nodes.annotations(stable);
        removeAnnotations(annotations, MIRROR_KEYS);
        Optional<AddedRoute> mirror = desired.addedRoutes().stream().filter(r -> r.kind() == AddedRoute.Kind.MIRROR).findFirst();
        mirror.ifPresent(m -> {
            List<String> problems = mirrorProblems(m);
            if (!problems.isEmpty()) {
                throw new RouteException(problems.get(0));
            }
            annotations.put(p + "mirror-target", "http://" + desired.canaryService() + "." + desired.namespace()
                    + ".svc.cluster.local$request_uri");
            annotations.put(p + "mirror-request-body", "on");
        });
        Nodes.setManagedNames(stable, mirror.map(m -> List.of(m.name())).orElse(List.of()));
    }

    /** Removes the given annotations under any prefix. */
    private static void removeAnnotations(ObjectNode annotations, List<String> keys) {
        List<String> present = new ArrayList<>();
        annotations.fieldNames().forEachRemaining(present::add);
        present.stream().filter(k -> keys.stream().anyMatch(h -> k.endsWith("/" + h))).forEach(annotations::remove);
    }

    private static boolean isStable(Target target) {
        return target.template().isEmpty();
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        if (isStable(target)) {
            return List.of();
        }
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
