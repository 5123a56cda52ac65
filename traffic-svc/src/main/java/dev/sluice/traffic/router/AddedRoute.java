package dev.sluice.traffic.router;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One route Sluice puts ahead of the weighted route, in the shape every router translates: requests matching
 * any entry of {@code match} go to the canary only ({@link Kind#CANARY}: header routes, Flagger's A/B match,
 * the session-affinity cookie), or keep their weighted destinations and are copied to the canary
 * ({@link Kind#MIRROR}, {@code mirrorPercent}% of them). Pure.
 */
public record AddedRoute(String name, Kind kind, List<RouteMatch> match, int mirrorPercent) {

    /** The name of the route that keeps clients holding the session-affinity cookie on the canary. */
    public static final String SESSION_AFFINITY = "sluice-session-affinity";

    public enum Kind { CANARY, MIRROR }

    /**
     * Header and match routes, then mirror routes, ordered by {@code routing.managedRoutes} where a name is
     * listed there (Argo: the managedRoutes order is the precedence), the others after them in request order;
     * last, the session-affinity route while the canary has traffic.
     */
    public static List<AddedRoute> of(Desired desired) {
        List<AddedRoute> routes = new ArrayList<>();
        for (HeaderRoute h : desired.headerRoutes()) {
            routes.add(new AddedRoute(h.routeName(), Kind.CANARY, List.of(fromHeaderRoute(h)), 0));
        }
        for (MatchRoute m : desired.matchRoutes()) {
            routes.add(new AddedRoute(m.name(), Kind.CANARY, m.match(), 0));
        }
        for (MirrorRoute m : desired.mirrorRoutes()) {
            routes.add(new AddedRoute(m.name(), Kind.MIRROR, m.match(), m.percent()));
        }
        List<String> order = desired.routing().managedRoutes() == null ? List.of() : desired.routing().managedRoutes();
        List<AddedRoute> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt(r -> order.contains(r.name()) ? order.indexOf(r.name()) : order.size()));
        stickyRoute(desired).ifPresent(sorted::add);
        return sorted;
    }

    /** A header route of the first event version as a match: {@code cookie} means NGINX's canary-by-cookie. */
    static RouteMatch fromHeaderRoute(HeaderRoute h) {
        StringMatch value = switch (h.matchType()) {
            case "exact" -> StringMatch.exact(h.value());
            case "prefix" -> StringMatch.prefix(h.value());
            case "regex" -> StringMatch.regex(h.value());
            case "cookie" -> StringMatch.exact(h.headerName());
            default -> throw new RouteException("header route '" + h.routeName() + "' has match type '" + h.matchType()
                    + "'; expected exact, prefix, regex or cookie");
        };
        String header = h.matchType().equals("cookie") ? "cookie" : h.headerName();
        return new RouteMatch(null, null, Map.of(header, value));
    }

    private static Optional<AddedRoute> stickyRoute(Desired desired) {
        SessionAffinity affinity = desired.sessionAffinity();
        if (affinity == null || desired.canaryWeight() == 0) {
            return Optional.empty();
        }
        return Optional.of(new AddedRoute(SESSION_AFFINITY, Kind.CANARY,
                List.of(new RouteMatch(null, null, Map.of("cookie", StringMatch.regex(cookieRegex(affinity, desired))))), 0));
    }

    /** The cookie value that pins a client to this canary: its pod-template hash, so a new revision starts afresh. */
    public static String cookieValue(Desired desired) {
        return desired.canaryHash() == null || desired.canaryHash().isBlank() ? "canary" : desired.canaryHash();
    }

    /** {@code Set-Cookie} value the canary's answers carry while session affinity is on. */
    public static String setCookie(Desired desired) {
        return desired.sessionAffinity().cookieName() + "=" + cookieValue(desired) + "; Max-Age="
                + desired.sessionAffinity().maxAgeSeconds();
    }

    static String cookieRegex(SessionAffinity affinity, Desired desired) {
        return "^(.*?;\\s*)?" + Nodes.escapeRegex(affinity.cookieName() + "=" + cookieValue(desired)) + "(;.*)?$";
    }
}
