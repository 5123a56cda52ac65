package dev.sluice.traffic.router;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.util.List;

/**
 * What the route objects of one rollout should say: the canary weight, the two Services (or subsets) and
 * the header routes, plus the routing spec that names the objects. It is also what Sluice stores on each
 * object it writes (annotation {@code sluice.dev/desired}), so the drift check of any replica can restore it.
 */
public record Desired(
        String rolloutId,
        int canaryWeight,
        TrafficRouting routing,
        String stableService,
        String canaryService,
        String stableHash,
        String canaryHash,
        List<HeaderRoute> headerRoutes) {

    public Desired {
        headerRoutes = headerRoutes == null ? List.of() : List.copyOf(headerRoutes);
    }

    public static Desired of(TrafficShiftRequested request) {
        return new Desired(request.rolloutId(), request.canaryWeight(), request.routing(), request.stableService(),
                request.canaryService(), request.stableHash(), request.canaryHash(), request.headerRoutes());
    }

    public int stableWeight() {
        return 100 - canaryWeight;
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
