package dev.sluice.traffic.shift;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.traffic.router.nginx.NginxRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a shift request beyond its JSON Schema: the routing spec names at least one router and every object
 * each router needs. Returns every violation; a request with any is dead-lettered with them as the reason.
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
        if (routing.istio() == null && routing.nginx() == null && routing.gatewayAPI() == null && routing.traefik() == null) {
            problems.add("routing names no router traffic-svc knows (istio, nginx, gatewayAPI, traefik)");
        }
        if (routing.istio() != null) {
            TrafficRouting.Istio istio = routing.istio();
            if (istio.virtualServices() == null || istio.virtualServices().isEmpty()) {
                problems.add("routing.istio.virtualServices is empty");
            } else {
                for (int i = 0; i < istio.virtualServices().size(); i++) {
                    TrafficRouting.VirtualService vs = istio.virtualServices().get(i);
                    if (vs == null || blank(vs.name())) {
                        problems.add("routing.istio.virtualServices[" + i + "].name is missing");
                    }
                }
            }
            if (istio.destinationRule() != null) {
                if (blank(istio.destinationRule().name())) {
                    problems.add("routing.istio.destinationRule.name is missing");
                }
                if (blank(request.stableHash()) || blank(request.canaryHash())) {
                    problems.add("subset-level routing (routing.istio.destinationRule) needs stableHash and canaryHash");
                }
            }
        }
        if (routing.nginx() != null && NginxRouter.stableIngresses(routing.nginx()).isEmpty()) {
            problems.add("routing.nginx names no stableIngress or stableIngresses");
        }
        if (routing.gatewayAPI() != null) {
            TrafficRouting.GatewayApi g = routing.gatewayAPI();
            if ((g.httpRoutes() == null || g.httpRoutes().isEmpty()) && (g.grpcRoutes() == null || g.grpcRoutes().isEmpty())) {
                problems.add("routing.gatewayAPI names no httpRoutes or grpcRoutes");
            }
        }
        if (routing.traefik() != null && blank(routing.traefik().weightedTraefikServiceName())) {
            problems.add("routing.traefik.weightedTraefikServiceName is missing");
        }
        if (request.stableService().equals(request.canaryService())) {
            problems.add("stableService and canaryService are both '" + request.stableService() + "'");
        }
        List<HeaderRoute> headers = request.headerRoutes() == null ? List.of() : request.headerRoutes();
        for (HeaderRoute h : headers) {
            if (!MATCH_TYPES.contains(h.matchType())) {
                problems.add("headerRoutes '" + h.routeName() + "' has match type '" + h.matchType()
                        + "'; expected exact, prefix, regex (or cookie, NGINX only)");
            }
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
