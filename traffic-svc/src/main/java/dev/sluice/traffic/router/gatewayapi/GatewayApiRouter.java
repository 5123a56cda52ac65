package dev.sluice.traffic.router.gatewayapi;

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

/**
 * Gateway API {@code HTTPRoute} and {@code GRPCRoute} ({@code gateway.networking.k8s.io/v1}): weights on the
 * stable and canary {@code backendRefs} of the managed rules ({@code ruleNames}, or every rule whose
 * backends include the stable Service). A header route is a rule Sluice puts first, named after the header
 * route, with the managed rule's matches plus the header, sending to the canary only.
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
    public void setHeaderRoutes(Target target, ObjectNode object, Desired desired) {
        removeManagedRoutes(target, object);
        if (desired.headerRoutes().isEmpty()) {
            return;
        }
        Rule weighted = managedRules(target, object, desired).get(0);
        ArrayNode rules = (ArrayNode) Nodes.spec(object).get("rules");
        List<String> userNames = Nodes.objects(Nodes.spec(object), "rules").stream().map(r -> Nodes.text(r, "name"))
                .collect(java.util.stream.Collectors.toList());
        List<String> added = new ArrayList<>();
        int position = 0;
        for (HeaderRoute header : desired.headerRoutes()) {
            if (userNames.contains(header.routeName())) {
                throw new RouteException(target.ref() + " already has a rule named '" + header.routeName()
                        + "' that Sluice does not manage; choose another header route name");
            }
            ObjectNode headerMatch = Nodes.JSON.objectNode();
            switch (header.matchType()) {
                case "exact" -> headerMatch.put("type", "Exact").put("name", header.headerName()).put("value", header.value());
                case "regex" -> headerMatch.put("type", "RegularExpression").put("name", header.headerName()).put("value", header.value());
                case "prefix" -> headerMatch.put("type", "RegularExpression").put("name", header.headerName())
                        .put("value", Nodes.prefixRegex(header.value()));
                default -> throw new RouteException("header route '" + header.routeName() + "' for " + target.ref()
                        + " has match type '" + header.matchType() + "'; the Gateway API takes exact, prefix or regex");
            }
            ObjectNode rule = Nodes.JSON.objectNode();
            rule.put("name", header.routeName());
            ArrayNode matches = rule.putArray("matches");
            List<ObjectNode> base = Nodes.objects(weighted.rule(), "matches");
            if (base.isEmpty()) {
                matches.addObject().putArray("headers").add(headerMatch);
            }
            for (ObjectNode m : base) {
                ObjectNode copy = m.deepCopy();
                ArrayNode headers = copy.has("headers") ? (ArrayNode) copy.get("headers") : copy.putArray("headers");
                headers.add(headerMatch.deepCopy());
                matches.add(copy);
            }
            ObjectNode backend = weighted.canary().deepCopy();
            backend.remove("weight");
            rule.putArray("backendRefs").add(backend);
            rules.insert(position++, rule);
            added.add(header.routeName());
        }
        Nodes.setManagedNames(object, added);
    }

    @Override
    public void removeManagedRoutes(Target target, ObjectNode object) {
        List<String> managed = Nodes.managedNames(object);
        JsonNode rules = Nodes.spec(object).get("rules");
        if (rules instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (managed.contains(Nodes.text(array.get(i), "name"))) {
                    array.remove(i);
                }
            }
        }
        Nodes.setManagedNames(object, List.of());
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
