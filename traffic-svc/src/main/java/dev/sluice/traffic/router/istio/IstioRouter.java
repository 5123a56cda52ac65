package dev.sluice.traffic.router.istio;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Istio: weights on {@code route[].weight} of the managed http, tls and tcp routes of each VirtualService.
 * Host-level routing has the stable and canary Services as destinations; subset-level routing (a
 * DestinationRule in the spec) has one host with the stable and canary subsets, and the DestinationRule's
 * subsets get the pod-template hash labels; destinations to {@code additionalSubsetNames} keep their weights.
 * Added routes are http routes Sluice puts first: header and A/B routes send matching requests to the canary,
 * mirror routes keep the weighted destinations and {@code mirror} to the canary, and session affinity is a
 * cookie route plus {@code Set-Cookie} on the canary destination.
 */
public final class IstioRouter implements TrafficRouter {
    public static final String NAME = "istio";
    private static final List<String> SECTIONS = List.of("http", "tls", "tcp");

    private final String hashLabel;

    /** @param hashLabel the pod label carrying the pod-template hash, set on the DestinationRule's subsets */
    public IstioRouter(String hashLabel) {
        this.hashLabel = hashLabel;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configuredIn(Desired desired) {
        return desired.routing().istio() != null;
    }

    @Override
    public List<Target> targets(Desired desired) {
        TrafficRouting.Istio istio = desired.routing().istio();
        List<Target> targets = new ArrayList<>();
        if (istio.destinationRule() != null) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.DESTINATION_RULE, desired.namespace(), istio.destinationRule().name())));
        }
        for (TrafficRouting.VirtualService vs : istio.virtualServices()) {
            targets.add(Target.of(NAME, new ObjectRef(RouteKind.VIRTUAL_SERVICE, desired.namespace(), vs.name())));
        }
        return targets;
    }

    @Override
    public void setWeight(Target target, ObjectNode object, Desired desired) {
        if (target.ref().kind() == RouteKind.DESTINATION_RULE) {
            setSubsetLabels(target, object, desired);
            return;
        }
        for (ManagedRoute route : managedRoutes(target, object, desired)) {
            route.destination(Side.STABLE).put("weight", stableShare(route, desired));
            route.destination(Side.CANARY).put("weight", desired.canaryWeight());
        }
    }

    /** Argo: the stable destination gets what the canary and the additional subsets leave, never below 0. */
    private static int stableShare(ManagedRoute route, Desired desired) {
        return (int) Math.max(0, desired.stableWeight() - route.additionalWeight());
    }

    @Override
    public List<String> violations(Desired desired) {
        TrafficRouting.Istio istio = desired.routing().istio();
        List<String> problems = new ArrayList<>();
        if (istio.virtualServices() == null || istio.virtualServices().isEmpty()) {
            problems.add("routing.istio.virtualServices is empty");
        } else {
            for (int i = 0; i < istio.virtualServices().size(); i++) {
                TrafficRouting.VirtualService vs = istio.virtualServices().get(i);
                if (vs == null || vs.name() == null || vs.name().isBlank()) {
                    problems.add("routing.istio.virtualServices[" + i + "].name is missing");
                }
            }
        }
        if (istio.destinationRule() != null) {
            if (istio.destinationRule().name() == null || istio.destinationRule().name().isBlank()) {
                problems.add("routing.istio.destinationRule.name is missing");
            }
            if (blank(desired.stableHash()) || blank(desired.canaryHash())) {
                problems.add("subset-level routing (routing.istio.destinationRule) needs stableHash and canaryHash");
            }
        }
        return problems;
    }

    @Override
    public void setManagedRoutes(Target target, ObjectNode object, Desired desired) {
        if (target.ref().kind() == RouteKind.DESTINATION_RULE) {
            return;
        }
        boolean hadAffinity = Nodes.managedNames(object).contains(AddedRoute.SESSION_AFFINITY);
        Nodes.removeManaged(object, "http");
        List<AddedRoute> wanted = desired.addedRoutes();
        if (hadAffinity) {
            managedRoutes(target, object, desired).stream().filter(r -> r.section().equals("http"))
                    .forEach(r -> removeSetCookie(r.canary()));
        }
        if (wanted.isEmpty()) {
            return;
        }
        ManagedRoute weighted = managedRoutes(target, object, desired).stream()
                .filter(r -> r.section().equals("http")).findFirst()
                .orElseThrow(() -> new RouteException(target.ref() + " has no managed http route; header and mirror routes need one"));
        ArrayNode http = (ArrayNode) Nodes.spec(object).get("http");
        Set<String> userNames = new LinkedHashSet<>();
        Nodes.objects(Nodes.spec(object), "http").forEach(r -> userNames.add(Nodes.text(r, "name")));
        List<String> added = new ArrayList<>();
        int position = 0;
        for (AddedRoute wantedRoute : wanted) {
            if (userNames.contains(wantedRoute.name())) {
                throw new RouteException(target.ref() + " already has an http route named '" + wantedRoute.name()
                        + "' that Sluice does not manage; choose another route name");
            }
            ObjectNode route = Nodes.JSON.objectNode();
            route.put("name", wantedRoute.name());
            ArrayNode matches = route.putArray("match");
            for (RouteMatch m : wantedRoute.match()) {
                matches.add(match(target, wantedRoute, m));
            }
            ObjectNode canaryDestination = weighted.destination(Side.CANARY).get("destination").deepCopy();
            if (wantedRoute.kind() == AddedRoute.Kind.CANARY) {
                route.putArray("route").addObject().set("destination", canaryDestination);
            } else {
                ArrayNode destinations = route.putArray("route");
                for (ObjectNode entry : Nodes.objects(weighted.route(), "route")) {
                    ObjectNode copy = entry.deepCopy();
                    if (entry == weighted.stable()) {
                        copy.put("weight", stableShare(weighted, desired));
                    } else if (entry == weighted.canary()) {
                        copy.put("weight", desired.canaryWeight());
                    }
                    destinations.add(copy);
                }
                route.set("mirror", canaryDestination);
                route.putObject("mirrorPercentage").put("value", wantedRoute.mirrorPercent());
            }
            http.insert(position++, route);
            added.add(wantedRoute.name());
        }
        Nodes.setManagedNames(object, added);
        if (added.contains(AddedRoute.SESSION_AFFINITY)) {
            for (ManagedRoute r : managedRoutes(target, object, desired)) {
                if (r.section().equals("http")) {
                    Nodes.object(Nodes.object(Nodes.object(r.canary(), "headers"), "response"), "add")
                            .put("Set-Cookie", AddedRoute.setCookie(desired));
                }
            }
        }
    }

    /** One Argo / Flagger route match as an Istio {@code HTTPMatchRequest}: method, uri and lower-cased headers. */
    private static ObjectNode match(Target target, AddedRoute route, RouteMatch m) {
        ObjectNode match = Nodes.JSON.objectNode();
        if (m.method() != null) {
            match.set("method", stringMatch(m.method()));
        }
        if (m.path() != null) {
            match.set("uri", stringMatch(m.path()));
        }
        if (!m.headers().isEmpty()) {
            ObjectNode headers = match.putObject("headers");
            for (String name : new TreeSet<>(m.headers().keySet())) {
                StringMatch value = m.headers().get(name);
                if (name.equalsIgnoreCase("cookie") && value.regex() == null) {
                    throw new RouteException("route '" + route.name() + "' for " + target.ref() + " matches the cookie header"
                            + " without a regex; on Istio match a cookie with regex, e.g. ^(.*?;)?(canary=always)(;.*)?$");
                }
                headers.set(name.toLowerCase(Locale.ROOT), stringMatch(value));
            }
        }
        return match;
    }

    private static ObjectNode stringMatch(StringMatch m) {
        ObjectNode o = Nodes.JSON.objectNode();
        if (m.exact() != null) {
            o.put("exact", m.exact());
        } else if (m.prefix() != null) {
            o.put("prefix", m.prefix());
        } else {
            o.put("regex", m.regex());
        }
        return o;
    }

    private static void removeSetCookie(ObjectNode canary) {
        JsonNode add = canary.path("headers").path("response").path("add");
        if (add instanceof ObjectNode a) {
            a.remove("Set-Cookie");
            Nodes.removeEmpty(canary, "headers", "response", "add");
        }
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        if (target.ref().kind() == RouteKind.DESTINATION_RULE) {
            return List.of();
        }
        List<RouteWeight> weights = new ArrayList<>();
        for (ManagedRoute route : managedRoutes(target, object, desired)) {
            weights.add(new RouteWeight(route.label(), Nodes.percent(
                    route.destination(Side.STABLE).path("weight").asLong(0) + route.additionalWeight(),
                    route.destination(Side.CANARY).path("weight").asLong(0))));
        }
        return weights;
    }

    private void setSubsetLabels(Target target, ObjectNode object, Desired desired) {
        TrafficRouting.DestinationRule rule = desired.routing().istio().destinationRule();
        if (desired.stableHash() == null || desired.canaryHash() == null) {
            throw new RouteException(target.ref() + " needs the stable and canary pod-template hashes for its subsets,"
                    + " but the request carries " + (desired.stableHash() == null ? "no stableHash" : "no canaryHash"));
        }
        setSubset(target, object, stableSubset(rule), desired.stableHash());
        setSubset(target, object, canarySubset(rule), desired.canaryHash());
    }

    private void setSubset(Target target, ObjectNode object, String subset, String hash) {
        ObjectNode found = Nodes.objects(Nodes.spec(object), "subsets").stream()
                .filter(s -> subset.equals(Nodes.text(s, "name"))).findFirst()
                .orElseThrow(() -> new RouteException(target.ref() + " has no subset named '" + subset + "'"));
        Nodes.object(found, "labels").put(hashLabel, hash);
    }

    static String stableSubset(TrafficRouting.DestinationRule rule) {
        return rule.stableSubsetName() == null ? "stable" : rule.stableSubsetName();
    }

    static String canarySubset(TrafficRouting.DestinationRule rule) {
        return rule.canarySubsetName() == null ? "canary" : rule.canarySubsetName();
    }

    enum Side { STABLE, CANARY }

    /**
     * One weighted route Sluice manages: its section (http, tls, tcp), label, the route itself, the two
     * destinations, and the weight of the DestinationRule's additional subsets (left as they are).
     */
    record ManagedRoute(String section, String label, ObjectNode route, ObjectNode stable, ObjectNode canary, long additionalWeight) {
        ObjectNode destination(Side side) {
            return side == Side.STABLE ? stable : canary;
        }
    }

    private List<ManagedRoute> managedRoutes(Target target, ObjectNode object, Desired desired) {
        TrafficRouting.VirtualService spec = desired.routing().istio().virtualServices().stream()
                .filter(vs -> vs.name().equals(target.ref().name())).findFirst()
                .orElseThrow(() -> new RouteException("the routing spec does not name " + target.ref()));
        List<String> headerNames = Nodes.managedNames(object);
        List<ManagedRoute> out = new ArrayList<>();
        boolean named = !(empty(spec.routes()) && empty(spec.tlsRoutes()) && empty(spec.tcpRoutes()));
        if (!named) {
            out.add(onlyRoute(target, object, desired, headerNames));
            return out;
        }
        for (String section : SECTIONS) {
            List<String> names = switch (section) {
                case "http" -> spec.routes();
                case "tls" -> spec.tlsRoutes();
                default -> spec.tcpRoutes();
            };
            for (String name : names == null ? List.<String>of() : names) {
                ObjectNode route = Nodes.objects(Nodes.spec(object), section).stream()
                        .filter(r -> identifies(section, r, name)).findFirst()
                        .orElseThrow(() -> new RouteException(target.ref() + " has no " + section + " route named '" + name
                                + "' (" + section + " routes: " + describe(section, Nodes.objects(Nodes.spec(object), section)) + ")"));
                out.add(weighted(target, section, name, route, desired));
            }
        }
        return out;
    }

    private ManagedRoute onlyRoute(Target target, ObjectNode object, Desired desired, List<String> headerNames) {
        for (String section : SECTIONS) {
            List<ObjectNode> routes = Nodes.objects(Nodes.spec(object), section).stream()
                    .filter(r -> !section.equals("http") || !headerNames.contains(Nodes.text(r, "name"))).toList();
            if (routes.size() == 1) {
                return weighted(target, section, Nodes.text(routes.get(0), "name"), routes.get(0), desired);
            }
            if (routes.size() > 1) {
                throw new RouteException(target.ref() + " has " + routes.size() + " " + section
                        + " routes; name the ones Sluice manages in the routing spec");
            }
        }
        throw new RouteException(target.ref() + " has no http, tls or tcp route");
    }

    /** An http route is named; tls and tcp routes have no name in Istio and are found by port or SNI host. */
    private static boolean identifies(String section, ObjectNode route, String name) {
        if (name.equals(Nodes.text(route, "name"))) {
            return true;
        }
        if (section.equals("http")) {
            return false;
        }
        for (JsonNode match : Nodes.array(route, "match")) {
            if (name.equals(Nodes.text(match, "port"))) {
                return true;
            }
            for (JsonNode sni : Nodes.array(match, "sniHosts")) {
                if (name.equals(sni.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(String section, List<ObjectNode> routes) {
        List<String> labels = new ArrayList<>();
        for (ObjectNode r : routes) {
            String name = Nodes.text(r, "name");
            if (name == null && !section.equals("http")) {
                List<String> keys = new ArrayList<>();
                for (JsonNode m : Nodes.array(r, "match")) {
                    if (m.has("port")) {
                        keys.add("port " + m.get("port").asText());
                    }
                    Nodes.array(m, "sniHosts").forEach(s -> keys.add(s.asText()));
                }
                name = String.join(" ", keys);
            }
            labels.add(name == null ? "(unnamed)" : "'" + name + "'");
        }
        return labels.isEmpty() ? "none" : String.join(", ", labels);
    }

    private ManagedRoute weighted(Target target, String section, String name, ObjectNode route, Desired desired) {
        String label = name == null ? section + " route" : section + " route '" + name + "'";
        TrafficRouting.DestinationRule rule = desired.routing().istio().destinationRule();
        ObjectNode stable = null;
        ObjectNode canary = null;
        long additional = 0;
        for (ObjectNode entry : Nodes.objects(route, "route")) {
            JsonNode destination = entry.path("destination");
            String host = Nodes.text(destination, "host");
            String subset = Nodes.text(destination, "subset");
            Side side;
            if (rule != null && rule.additionalSubsetNames() != null && subset != null && rule.additionalSubsetNames().contains(subset)) {
                additional += entry.path("weight").asLong(0);
                continue;
            }
            if (rule != null) {
                side = stableSubset(rule).equals(subset) ? Side.STABLE : canarySubset(rule).equals(subset) ? Side.CANARY : null;
                if (side == null) {
                    throw new RouteException(label + " of " + target.ref() + " routes to host '" + host + "' subset '" + subset
                            + "', which is neither the stable subset '" + stableSubset(rule) + "' nor the canary subset '"
                            + canarySubset(rule) + "'");
                }
            } else {
                side = sameHost(host, desired.stableService()) ? Side.STABLE
                        : sameHost(host, desired.canaryService()) ? Side.CANARY : null;
                if (side == null) {
                    throw new RouteException(label + " of " + target.ref() + " routes to host '" + host
                            + "', which is neither the stable Service '" + desired.stableService()
                            + "' nor the canary Service '" + desired.canaryService() + "'");
                }
            }
            if (side == Side.STABLE && stable != null || side == Side.CANARY && canary != null) {
                throw new RouteException(label + " of " + target.ref() + " has two " + side.name().toLowerCase(Locale.ROOT)
                        + " destinations");
            }
            if (side == Side.STABLE) {
                stable = entry;
            } else {
                canary = entry;
            }
        }
        if (stable == null || canary == null) {
            throw new RouteException(label + " of " + target.ref() + " has no " + (stable == null ? "stable" : "canary")
                    + " destination ('" + (rule != null
                            ? (stable == null ? stableSubset(rule) : canarySubset(rule)) + "' subset)"
                            : (stable == null ? desired.stableService() : desired.canaryService()) + "')"));
        }
        return new ManagedRoute(section, name, route, stable, canary, additional);
    }

    /** {@code web-stable} also matches {@code web-stable.shop} and {@code web-stable.shop.svc.cluster.local}. */
    private static boolean sameHost(String host, String service) {
        return host != null && (host.equals(service) || host.startsWith(service + "."));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean empty(List<String> list) {
        return list == null || list.isEmpty();
    }
}
