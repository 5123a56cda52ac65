package dev.sluice.traffic.router.traefik;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Nodes;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteException;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.RouteWeight;
import dev.sluice.traffic.router.Target;
import dev.sluice.traffic.router.TrafficRouter;
import java.util.List;

/**
 * Traefik: weights on {@code spec.weighted.services[]} of a {@code TraefikService} ({@code traefik.io/v1alpha1})
 * whose two services are the stable and canary Services. Traefik has no header routes in Sluice: a request
 * with header routes fails with a clear reason rather than silently ignoring them.
 */
public final class TraefikRouter implements TrafficRouter {
    public static final String NAME = "traefik";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configuredIn(Desired desired) {
        return desired.routing().traefik() != null;
    }

    @Override
    public List<Target> targets(Desired desired) {
        return List.of(Target.of(NAME, new ObjectRef(RouteKind.TRAEFIK_SERVICE, desired.namespace(),
                desired.routing().traefik().weightedTraefikServiceName())));
    }

    @Override
    public void setWeight(Target target, ObjectNode object, Desired desired) {
        ObjectNode[] pair = services(target, object, desired);
        pair[0].put("weight", desired.stableWeight());
        pair[1].put("weight", desired.canaryWeight());
    }

    @Override
    public List<String> violations(Desired desired) {
        String name = desired.routing().traefik().weightedTraefikServiceName();
        return name == null || name.isBlank() ? List.of("routing.traefik.weightedTraefikServiceName is missing") : List.of();
    }

    /** Sluice adds no routes to a TraefikService: a request for one is refused, not ignored. */
    @Override
    public void setManagedRoutes(Target target, ObjectNode object, Desired desired) {
        if (!desired.addedRoutes().isEmpty()) {
            throw new RouteException(target.ref() + ": the Traefik router does not support header, mirror or session-affinity"
                    + " routes ('" + desired.addedRoutes().get(0).name() + "'); route them with an IngressRoute rule of your own");
        }
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        ObjectNode[] pair = services(target, object, desired);
        return List.of(new RouteWeight(null, Nodes.percent(pair[0].path("weight").asLong(1), pair[1].path("weight").asLong(1))));
    }

    private ObjectNode[] services(Target target, ObjectNode object, Desired desired) {
        ObjectNode stable = null;
        ObjectNode canary = null;
        List<ObjectNode> services = Nodes.objects(object.path("spec").path("weighted"), "services");
        for (ObjectNode service : services) {
            String name = Nodes.text(service, "name");
            if (desired.stableService().equals(name) && stable == null) {
                stable = service;
            } else if (desired.canaryService().equals(name) && canary == null) {
                canary = service;
            } else {
                throw new RouteException(target.ref() + " has a weighted service '" + name + "'; Sluice expects exactly the stable"
                        + " Service '" + desired.stableService() + "' and the canary Service '" + desired.canaryService() + "'");
            }
        }
        if (stable == null || canary == null) {
            throw new RouteException(target.ref() + " has no weighted service '"
                    + (stable == null ? desired.stableService() : desired.canaryService()) + "' in spec.weighted.services");
        }
        return new ObjectNode[] {stable, canary};
    }
}
