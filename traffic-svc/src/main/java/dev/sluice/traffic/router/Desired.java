package dev.sluice.traffic.router;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.util.List;

/**
 * What the route objects of one rollout should say: the canary weight, the two Services (or subsets), the
 * routes Sluice adds ahead of the weighted route (header, match and mirror routes, session affinity), plus the
 * routing spec that names the objects. It is also what Sluice stores on each object it writes (annotation
 * {@code sluice.dev/desired}), so the drift check of any replica can restore it.
 */
public record Desired(
        String rolloutId,
        int canaryWeight,
        TrafficRouting routing,
        String stableService,
        String canaryService,
        String stableHash,
        String canaryHash,
        List<HeaderRoute> headerRoutes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MatchRoute> matchRoutes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MirrorRoute> mirrorRoutes,
        SessionAffinity sessionAffinity) {

    public Desired {
        headerRoutes = headerRoutes == null ? List.of() : List.copyOf(headerRoutes);
        matchRoutes = matchRoutes == null ? List.of() : List.copyOf(matchRoutes);
        mirrorRoutes = mirrorRoutes == null ? List.of() : List.copyOf(mirrorRoutes);
    }

    /** Weights and header routes only. */
    public Desired(String rolloutId, int canaryWeight, TrafficRouting routing, String stableService, String canaryService,
            String stableHash, String canaryHash, List<HeaderRoute> headerRoutes) {
        this(rolloutId, canaryWeight, routing, stableService, canaryService, stableHash, canaryHash, headerRoutes, null, null, null);
    }

    public static Desired of(TrafficShiftRequested request) {
        return new Desired(request.rolloutId(), request.canaryWeight(), request.routing(), request.stableService(),
                request.canaryService(), request.stableHash(), request.canaryHash(), request.headerRoutes(),
                request.matchRoutes(), request.mirrorRoutes(), request.sessionAffinity());
    }

    public int stableWeight() {
        return 100 - canaryWeight;
    }

    /** The routes to add ahead of the weighted route, in precedence order ({@link AddedRoute#of}). */
    public List<AddedRoute> addedRoutes() {
        return AddedRoute.of(this);
    }

    /** The namespace part of {@code namespace/name}. */
    public String namespace() {
        return rolloutId.substring(0, rolloutId.indexOf('/'));
    }

    /** The name part of {@code namespace/name}. */
    public String rolloutName() {
        return rolloutId.substring(rolloutId.indexOf('/') + 1);
    }
}
