package dev.sluice.traffic.router.gatewayapi;

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
import java.util.TreeSet;

/**
 * Gateway API {@code HTTPRoute} and {@code GRPCRoute} ({@code gateway.networking.k8s.io/v1}), {@code TLSRoute}
 * and {@code TCPRoute} ({@code v1alpha2}): weights on the stable and canary {@code backendRefs} of the managed
 * rules ({@code ruleNames}, or every rule whose backends include the stable Service). An added route is a
 * rule Sluice puts first, named after it, with the managed rule's matches narrowed by the route's match:
 * a header or A/B route sends to the canary only; a mirror route keeps the weighted backendRefs and adds a
 * {@code RequestMirror} filter to the canary. Session affinity (Flagger) adds a rule for the cookie and a
 * {@code ResponseHeaderModifier} setting it on the canary backendRef.
 */
public final class GatewayApiRouter implements TrafficRouter {
    public static final String NAME = "gatewayAPI";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configuredIn(Desired desired) {
        return desired.routing().gatewayAPI() != null;
    }

    @Override
    public List<Target> targets(Desired desired) {
        TrafficRouting.GatewayApi spec = desired.routing().gatewayAPI();
        List<Target> targets = new ArrayList<>();
        for (String name : spec.httpRoutes() == null ? List.<String>of() : spec.httpRoutes()) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.HTTP_ROUTE, desired.namespace(), name)));
        }
        for (String name : spec.grpcRoutes() == null ? List.<String>of() : spec.grpcRoutes()) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.GRPC_ROUTE, desired.namespace(), name)));
        }
        for (String name : spec.tlsRoutes() == null ? List.<String>of() : spec.tlsRoutes()) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.TLS_ROUTE, desired.namespace(), name)));
        }
        for (String name : spec.tcpRoutes() == null ? List.<String>of() : spec.tcpRoutes()) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.TCP_ROUTE, desired.namespace(), name)));
        }
        return targets;
    }

    @Override
    public void setWeight(Target target, ObjectNode object, Desired desired) {
        for (Rule rule : managedRules(target, object, desired)) {
            rule.stable().put("weight", desired.stableWeight());
            rule.canary().put("weight", desired.canaryWeight());
        }
    }

    @Override
    public List<String> violations(Desired desired) {
        TrafficRouting.GatewayApi g = desired.routing().gatewayAPI();
        if (empty(g.httpRoutes()) && empty(g.grpcRoutes()) && empty(g.tlsRoutes()) && empty(g.tcpRoutes())) {
            return List.of("routing.gatewayAPI names no httpRoutes, grpcRoutes, tlsRoutes or tcpRoutes");
        }
        return List.of();
    }

    /**
     * HTTPRoutes and GRPCRoutes get the added rules ahead of their rules; TLSRoutes and TCPRoutes match no
     * request attributes, so they carry weights only.
     */
    @Override
    public void setManagedRoutes(Target target, ObjectNode object, Desired desired) {
        RouteKind kind = target.ref().kind();
        if (kind == RouteKind.TLS_ROUTE || kind == RouteKind.TCP_ROUTE) {
            return;
        }
        boolean hadAffinity = Nodes.managedNames(object).contains(AddedRoute.SESSION_AFFINITY);
        Nodes.removeManaged(object, "rules");
        if (hadAffinity) {
            managedRules(target, object, desired).forEach(r -> removeSetCookie(r.canary()));
        }
        List<AddedRoute> wanted = desired.addedRoutes();
        if (wanted.isEmpty()) {
            return;
        }
        Rule weighted = managedRules(target, object, desired).get(0);
        ArrayNode rules = (ArrayNode) Nodes.spec(object).get("rules");
        List<String> userNames = Nodes.objects(Nodes.spec(object), "rules").stream().map(r -> Nodes.text(r, "name")).toList();
        List<String> added = new ArrayList<>();
        int position = 0;
        for (AddedRoute route : wanted) {
            if (userNames.contains(route.name())) {
                throw new RouteException(target.ref() + " already has a rule named '" + route.name()
                        + "' that Sluice does not manage; choose another route name");
            }
            ObjectNode rule = Nodes.JSON.objectNode();
            rule.put("name", route.name());
            ArrayNode matches = rule.putArray("matches");
            List<ObjectNode> base = Nodes.objects(weighted.rule(), "matches");
            for (RouteMatch m : route.match()) {
                for (ObjectNode b : base.isEmpty() ? List.of(Nodes.JSON.objectNode()) : base) {
                    matches.add(match(target, route, b, m));
                }
            }
            ObjectNode canary = backendReference(weighted.canary());
            if (route.kind() == AddedRoute.Kind.CANARY) {
                rule.putArray("backendRefs").add(canary);
            } else {
                ArrayNode backends = rule.putArray("backendRefs");
                backends.add(weighted.stable().deepCopy().put("weight", desired.stableWeight()));
                backends.add(weighted.canary().deepCopy().put("weight", desired.canaryWeight()));
                ObjectNode mirror = rule.putArray("filters").addObject();
                mirror.put("type", "RequestMirror");
                ObjectNode requestMirror = mirror.putObject("requestMirror");
                requestMirror.set("backendRef", canary);
                if (route.mirrorPercent() < 100) {
                    requestMirror.put("percent", route.mirrorPercent());
                }
            }
            rules.insert(position++, rule);
            added.add(route.name());
        }
        Nodes.setManagedNames(object, added);
        if (added.contains(AddedRoute.SESSION_AFFINITY)) {
            for (Rule r : managedRules(target, object, desired)) {
                ArrayNode filters = r.canary().has("filters") ? (ArrayNode) r.canary().get("filters") : r.canary().putArray("filters");
                ObjectNode filter = filters.addObject();
                filter.put("type", "ResponseHeaderModifier");
                filter.putObject("responseHeaderModifier").putArray("add").addObject()
                        .put("name", "Set-Cookie").put("value", AddedRoute.setCookie(desired));
            }
        }
    }

    /** The managed rule's match {@code base} narrowed by an Argo / Flagger route match. */
    private static ObjectNode match(Target target, AddedRoute route, ObjectNode base, RouteMatch m) {
        ObjectNode match = base.deepCopy();
        boolean grpc = target.ref().kind() == RouteKind.GRPC_ROUTE;
        if ((m.path() != null || m.method() != null) && grpc) {
            throw new RouteException("route '" + route.name() + "' for " + target.ref()
                    + " matches a path or method; a GRPCRoute added route matches headers only");
        }
        if (m.path() != null) {
            ObjectNode path = match.putObject("path");
            if (m.path().exact() != null) {
                path.put("type", "Exact").put("value", m.path().exact());
            } else if (m.path().prefix() != null) {
                path.put("type", "PathPrefix").put("value", m.path().prefix());
            } else {
                path.put("type", "RegularExpression").put("value", m.path().regex());
            }
        }
        if (m.method() != null) {
            if (m.method().exact() == null) {
                throw new RouteException("route '" + route.name() + "' for " + target.ref()
                        + " matches the method by prefix or regex; the Gateway API matches a method exactly");
            }
            match.put("method", m.method().exact());
        }
        if (!m.headers().isEmpty()) {
            ArrayNode headers = match.has("headers") ? (ArrayNode) match.get("headers") : match.putArray("headers");
            for (String name : new TreeSet<>(m.headers().keySet())) {
                StringMatch value = m.headers().get(name);
                ObjectNode header = headers.addObject();
                if (name.equalsIgnoreCase("cookie") && value.regex() == null) {
                    throw new RouteException("route '" + route.name() + "' for " + target.ref() + " matches the cookie header"
                            + " without a regex; on the Gateway API match a cookie with regex, e.g. ^(.*?;)?(canary=always)(;.*)?$");
                }
                if (value.exact() != null) {
                    header.put("type", "Exact").put("name", name).put("value", value.exact());
                } else {
                    header.put("type", "RegularExpression").put("name", name)
                            .put("value", value.prefix() != null ? Nodes.prefixRegex(value.prefix()) : value.regex());
                }
            }
        }
        return match;
    }

    /** A backendRef as an object reference (for a canary-only rule or a mirror): no weight, no filters. */
    private static ObjectNode backendReference(ObjectNode backendRef) {
        ObjectNode copy = backendRef.deepCopy();
        copy.remove("weight");
        copy.remove("filters");
        return copy;
    }

    private static void removeSetCookie(ObjectNode backendRef) {
        JsonNode filters = backendRef.get("filters");
        if (filters instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode add = array.get(i).path("responseHeaderModifier").path("add");
                if ("ResponseHeaderModifier".equals(Nodes.text(array.get(i), "type")) && add.size() == 1
                        && "Set-Cookie".equals(Nodes.text(add.get(0), "name"))) {
                    array.remove(i);
                }
            }
            if (array.isEmpty()) {
                backendRef.remove("filters");
            }
        }
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        List<RouteWeight> weights = new ArrayList<>();
        for (Rule rule : managedRules(target, object, desired)) {
            weights.add(new RouteWeight(rule.name(), Nodes.percent(rule.stable().path("weight").asLong(1),
                    rule.canary().path("weight").asLong(1))));
        }
        return weights;
    }

    record Rule(String name, ObjectNode rule, ObjectNode stable, ObjectNode canary) {
    }

    private List<Rule> managedRules(Target target, ObjectNode object, Desired desired) {
        List<String> ruleNames = desired.routing().gatewayAPI().ruleNames();
        List<String> headerRules = Nodes.managedNames(object);
        List<ObjectNode> rules = Nodes.objects(Nodes.spec(object), "rules");
        List<Rule> out = new ArrayList<>();
        if (ruleNames != null && !ruleNames.isEmpty()) {
            for (String name : ruleNames) {
                ObjectNode rule = rules.stream().filter(r -> name.equals(Nodes.text(r, "name"))).findFirst()
                        .orElseThrow(() -> new RouteException(target.ref() + " has no rule named '" + name + "' (rules: "
                                + rules.stream().map(r -> Nodes.text(r, "name") == null ? "(unnamed)" : "'" + Nodes.text(r, "name") + "'").toList() + ")"));
                out.add(rule(target, name, rules.indexOf(rule), rule, desired));
            }
            return out;
        }
        for (int i = 0; i < rules.size(); i++) {
            ObjectNode rule = rules.get(i);
            if (headerRules.contains(Nodes.text(rule, "name"))) {
                continue;
            }
            boolean toStable = Nodes.objects(rule, "backendRefs").stream()
                    .anyMatch(b -> desired.stableService().equals(Nodes.text(b, "name")));
            if (toStable) {
                out.add(rule(target, Nodes.text(rule, "name"), i, rule, desired));
            }
        }
        if (out.isEmpty()) {
            throw new RouteException(target.ref() + " has no rule with a backendRef to the stable Service '"
                    + desired.stableService() + "'");
        }
        return out;
    }

    private Rule rule(Target target, String name, int index, ObjectNode rule, Desired desired) {
        String label = name == null ? "rule " + index : "rule '" + name + "'";
        ObjectNode stable = null;
        ObjectNode canary = null;
        for (ObjectNode backend : Nodes.objects(rule, "backendRefs")) {
            String kind = Nodes.text(backend, "kind");
            String service = Nodes.text(backend, "name");
            boolean isService = kind == null || kind.equals("Service");
            if (isService && desired.stableService().equals(service) && stable == null) {
                stable = backend;
            } else if (isService && desired.canaryService().equals(service) && canary == null) {
                canary = backend;
            } else {
                throw new RouteException(label + " of " + target.ref() + " has a backendRef to '" + service
                        + "'; Sluice expects exactly the stable Service '" + desired.stableService()
                        + "' and the canary Service '" + desired.canaryService() + "'");
            }
        }
        if (stable == null || canary == null) {
            throw new RouteException(label + " of " + target.ref() + " has no backendRef to the "
                    + (stable == null ? "stable Service '" + desired.stableService() : "canary Service '" + desired.canaryService()) + "'");
        }
        return new Rule(name == null ? null : name, rule, stable, canary);
    }
}
