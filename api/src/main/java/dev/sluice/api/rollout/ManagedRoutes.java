package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * Argo Rollouts' header and mirror routes ({@code setHeaderRoute}, {@code setMirrorRoute} steps and
 * {@code trafficRouting.managedRoutes}) and Flagger's A/B {@code match} and {@code sessionAffinity}: the shapes the
 * user writes, field for field.
 */
public final class ManagedRoutes {
    private ManagedRoutes() {
    }

    /** {@code trafficRouting.managedRoutes[]}: a route Sluice may add; the list order is the precedence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ManagedRoute {
        @JsonPropertyDescription("Name of a setHeaderRoute or setMirrorRoute step's route.")
        public String name;
    }

    /** One of exact, prefix or regex. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class StringMatch {
        public String exact;
        public String prefix;
        public String regex;
    }

    /** Step {@code setHeaderRoute}: requests with any of the headers go to the canary whatever the weight; no match removes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SetHeaderRoute {
        @JsonPropertyDescription("Route name; must be listed in trafficRouting.managedRoutes.")
        public String name;
        @JsonPropertyDescription("Header conditions, each sending matching requests to the canary; empty removes the route.")
        public List<HeaderRoutingMatch> match;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HeaderRoutingMatch {
        public String headerName;
        public StringMatch headerValue;
    }

    /** Step {@code setMirrorRoute}: matching requests keep their weighted destinations and are copied to the canary. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SetMirrorRoute {
        @JsonPropertyDescription("Route name; must be listed in trafficRouting.managedRoutes.")
        public String name;
        @JsonPropertyDescription("Request conditions (any of them); empty removes the route.")
        public List<RouteMatch> match;
        @JsonPropertyDescription("Percentage of the matching requests mirrored (default 100).")
        public Integer percentage;
    }

    /** Argo's {@code RouteMatch} and Flagger's {@code match} entry: every field set must match. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class RouteMatch {
        public StringMatch method;
        public StringMatch path;
        @JsonPropertyDescription("Header name to condition; a cookie is matched as the cookie header.")
        public Map<String, StringMatch> headers;
    }

    /** Flagger's {@code sessionAffinity}: a client the canary answered stays on it while it has traffic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SessionAffinity {
        @JsonPropertyDescription("Cookie set on the canary's answers.")
        public String cookieName;
        @JsonPropertyDescription("Cookie lifetime in seconds (default 86400).")
        public Integer maxAge;
    }
}
