package dev.sluice.controller.rollout;

import dev.sluice.controller.rollout.RolloutDefinition.HeaderMatchDef;
import dev.sluice.controller.rollout.RolloutDefinition.HeaderRouteDef;
import dev.sluice.controller.rollout.RolloutDefinition.MirrorRouteDef;
import dev.sluice.controller.rollout.RolloutDefinition.StepDef;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validation of the {@code setHeaderRoute} and {@code setMirrorRoute} steps, Argo's rules: trafficRouting is required,
 * the route's name must be one of {@code trafficRouting.managedRoutes}, every condition sets exactly one of exact,
 * prefix, regex; a step without a match removes its route.
 */
final class ManagedRouteSteps {

    private ManagedRouteSteps() {
    }

    static Optional<Step> step(String at, StepDef s, boolean routed, List<String> managedRoutes, List<String> v) {
        int before = v.size();
        String field = s.setHeaderRoute() != null ? "setHeaderRoute" : "setMirrorRoute";
        String name = s.setHeaderRoute() != null ? s.setHeaderRoute().name() : s.setMirrorRoute().name();
        at = at + "." + field;
        if (!routed) {
            v.add(at + " needs trafficRouting with managedRoutes");
        }
        if (name == null || name.isBlank()) {
            v.add(at + ".name is required");
        } else if (routed && !managedRoutes.contains(name)) {
            v.add(at + ".name '" + name + "' is not listed in trafficRouting.managedRoutes " + managedRoutes
                    + "; declare it there (the list order is the routes' precedence)");
        }
        if (s.setHeaderRoute() != null) {
            HeaderRouteDef h = s.setHeaderRoute();
            List<RouteMatch> matches = new ArrayList<>();
            List<HeaderMatchDef> defs = h.match() == null ? List.of() : h.match();
            for (int i = 0; i < defs.size(); i++) {
                HeaderMatchDef m = defs.get(i);
                if (m.headerName() == null || m.headerName().isBlank()) {
                    v.add(at + ".match[" + i + "].headerName is required");
                }
                check(at + ".match[" + i + "].headerValue", m.headerValue(), true, v);
                matches.add(new RouteMatch(null, null, Map.of(m.headerName() == null ? "" : m.headerName(),
                        m.headerValue() == null ? new StringMatch(null, null, null) : m.headerValue())));
            }
            return v.size() > before ? Optional.empty()
                    : Optional.of(new Step.SetHeaderRoute(name, matches.isEmpty() ? null : new MatchRoute(name, matches)));
        }
        MirrorRouteDef m = s.setMirrorRoute();
        List<RouteMatch> matches = m.match() == null ? List.of() : m.match();
        matches(at + ".match", matches, v);
        if (m.percentage() != null && (m.percentage() < 0 || m.percentage() > 100)) {
            v.add(at + ".percentage " + m.percentage() + " is outside 0..100");
        }
        return v.size() > before ? Optional.empty()
                : Optional.of(new Step.SetMirrorRoute(name, matches.isEmpty() ? null : new MirrorRoute(name, matches, m.percentage())));
    }

    /** Each entry sets at least one of method, path, headers, each condition exactly one of exact, prefix, regex. */
    static void matches(String at, List<RouteMatch> matches, List<String> v) {
        for (int i = 0; i < matches.size(); i++) {
            RouteMatch m = matches.get(i);
            String entry = at + "[" + i + "]";
            if (m.method() == null && m.path() == null && m.headers().isEmpty()) {
                v.add(entry + " sets none of method, path, headers");
            }
            check(entry + ".method", m.method(), false, v);
            check(entry + ".path", m.path(), false, v);
            m.headers().forEach((header, value) -> {
                if (header == null || header.isBlank()) {
                    v.add(entry + ".headers has a header without a name");
                }
                check(entry + ".headers." + header, value, true, v);
            });
        }
    }

    private static void check(String at, StringMatch m, boolean required, List<String> v) {
        if (m == null) {
            if (required) {
                v.add(at + " needs one of exact, prefix, regex");
            }
            return;
        }
        if (m.kinds() != 1) {
            v.add(at + " sets " + m.kinds() + " of exact, prefix, regex; set exactly one");
        }
    }
}
