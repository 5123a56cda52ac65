package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus.ActiveRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Argo's managed routes as values: the named header and mirror routes in force ({@code status.canary.managedRoutes},
 * each remembered by the step that set it), how a {@code setHeaderRoute} / {@code setMirrorRoute} step changes that
 * set, and the routes a traffic shift carries. Every shift carries the complete set, so a route missing from it is
 * removed by traffic-svc; promotion and abort clear the set (Argo removes the managed routes at both).
 */
public final class ManagedRouteSet {
    public static final String HEADER = "header";
    public static final String MIRROR = "mirror";

    private ManagedRouteSet() {
    }

    /** What a shift request carries: canary-only match routes and mirror routes, complete. */
    public record Routes(List<MatchRoute> match, List<MirrorRoute> mirror) {
        public static final Routes NONE = new Routes(List.of(), List.of());
    }

    /** The set after the route step at {@code index}: the route of that name replaced, or removed when it has no match. */
    public static List<ActiveRoute> after(List<ActiveRoute> current, Step step, int index) {
        List<ActiveRoute> next = new ArrayList<>();
        String name;
        String type;
        boolean removes;
        if (step instanceof Step.SetHeaderRoute h) {
            name = h.name();
            type = HEADER;
            removes = h.route() == null;
        } else if (step instanceof Step.SetMirrorRoute m) {
            name = m.name();
            type = MIRROR;
            removes = m.route() == null;
        } else {
            return current == null ? List.of() : List.copyOf(current);
        }
        if (current != null) {
            current.stream().filter(r -> !(name.equals(r.name) && type.equals(r.type))).forEach(next::add);
        }
        if (!removes) {
            next.add(new ActiveRoute(name, type, index));
        }
        return next;
    }

    /** True when both sets name the same routes set by the same steps. */
    public static boolean same(List<ActiveRoute> a, List<ActiveRoute> b) {
        List<ActiveRoute> x = a == null ? List.of() : a;
        List<ActiveRoute> y = b == null ? List.of() : b;
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            ActiveRoute r = x.get(i);
            ActiveRoute q = y.get(i);
            if (!Objects.equals(r.name, q.name) || !Objects.equals(r.type, q.type) || !Objects.equals(r.step, q.step)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The routes of the set as their steps in {@code steps} define them. An entry whose step no longer sets that route
     * (the spec changed under a running revision) is left out, so traffic-svc removes it.
     */
    public static Routes routes(List<ActiveRoute> active, List<Step> steps) {
        if (active == null || active.isEmpty()) {
            return Routes.NONE;
        }
        List<MatchRoute> match = new ArrayList<>();
        List<MirrorRoute> mirror = new ArrayList<>();
        for (ActiveRoute r : active) {
            Step step = r.step == null || r.step < 0 || r.step >= steps.size() ? null : steps.get(r.step);
            if (HEADER.equals(r.type) && step instanceof Step.SetHeaderRoute h && h.name().equals(r.name) && h.route() != null) {
                match.add(h.route());
            } else if (MIRROR.equals(r.type) && step instanceof Step.SetMirrorRoute m && m.name().equals(r.name) && m.route() != null) {
                mirror.add(m.route());
            }
        }
        return new Routes(List.copyOf(match), List.copyOf(mirror));
    }

    /** The names in force, for messages: {@code beta-header (header), mirror-api (mirror)}. */
    public static String describe(List<ActiveRoute> active) {
        if (active == null || active.isEmpty()) {
            return "none";
        }
        return String.join(", ", active.stream().map(r -> r.name + " (" + r.type + ")").toList());
    }
}
