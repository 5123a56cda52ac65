package dev.sluice.traffic.shift;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.traffic.router.AddedRoute;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Routers;
import dev.sluice.traffic.router.TrafficRouter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a shift request beyond its JSON Schema: the routing spec names at least one router, each router's
 * own checks ({@link TrafficRouter#violations}), and the added routes are well formed. Returns every
 * violation; a request with any is dead-lettered with them as the reason.
 */
public final class ShiftValidation {
    private static final Set<String> MATCH_TYPES = Set.of("exact", "prefix", "regex", "cookie");

    private ShiftValidation() {
    }

    public static List<String> violations(TrafficShiftRequested request) {
        List<String> problems = new ArrayList<>();
        String id = request.rolloutId();
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0) {
            problems.add("rolloutId '" + id + "' is not namespace/name");
        }
        if (request.canaryWeight() < 0 || request.canaryWeight() > 100) {
            problems.add("canaryWeight " + request.canaryWeight() + " is outside 0..100");
        }
        TrafficRouting routing = request.routing();
        if (routing == null) {
            problems.add("routing is missing");
            return problems;
        }
        if (request.stableService().equals(request.canaryService())) {
            problems.add("stableService and canaryService are both '" + request.stableService() + "'");
        }
        List<HeaderRoute> headers = request.headerRoutes() == null ? List.of() : request.headerRoutes();
        // the routers check the request with the header routes whose match type is known; the others are reported below
        Desired known = new Desired(request.rolloutId(), request.canaryWeight(), routing, request.stableService(),
                request.canaryService(), request.stableHash(), request.canaryHash(),
                headers.stream().filter(h -> MATCH_TYPES.contains(h.matchType())).toList(), request.matchRoutes(),
                request.mirrorRoutes(), request.sessionAffinity());
        List<TrafficRouter> configured = Routers.all(Routers.DEFAULT_HASH_LABEL).stream().filter(r -> r.usedBy(known)).toList();
        Optional<String> unknownPlugins = Routers.unknownPlugins(routing);
        unknownPlugins.ifPresent(problems::add);
        if (configured.isEmpty() && unknownPlugins.isEmpty()) {
            problems.add("routing names no router traffic-svc knows (" + String.join(", ", Routers.names()) + ")");
        }
        configured.forEach(r -> problems.addAll(r.violations(known)));
        problems.addAll(addedRouteViolations(known));
        for (HeaderRoute h : headers) {
            if (!MATCH_TYPES.contains(h.matchType())) {
                problems.add("headerRoutes '" + h.routeName() + "' has match type '" + h.matchType()
                        + "'; expected exact, prefix, regex (or cookie, NGINX only)");
            }
        }
        return problems;
    }

    private static List<String> addedRouteViolations(Desired desired) {
        List<String> problems = new ArrayList<>();
        List<String> managed = desired.routing().managedRoutes() == null ? List.of() : desired.routing().managedRoutes();
        Set<String> seen = new HashSet<>();
        for (AddedRoute route : desired.addedRoutes()) {
            String label = "route '" + route.name() + "'";
            if (!seen.add(route.name())) {
                problems.add(label + " is asked for twice");
            }
            if (!managed.isEmpty() && !route.name().equals(AddedRoute.SESSION_AFFINITY) && !managed.contains(route.name())) {
                problems.add(label + " is not listed in routing.managedRoutes " + managed);
            }
            if (route.match().isEmpty()) {
                problems.add(label + " has no match");
            }
            for (RouteMatch m : route.match()) {
                check(problems, label + " method", m.method());
                check(problems, label + " path", m.path());
                for (Map.Entry<String, StringMatch> h : m.headers().entrySet()) {
                    if (h.getKey() == null || h.getKey().isBlank()) {
                        problems.add(label + " has a header match without a name");
                    }
                    check(problems, label + " header '" + h.getKey() + "'", h.getValue());
                }
            }
        }
        return problems;
    }

    private static void check(List<String> problems, String what, StringMatch m) {
        if (m != null && m.kinds() != 1) {
            problems.add(what + " sets " + m.kinds() + " of exact, prefix and regex; set exactly one");
        }
    }
}
