package dev.sluice.traffic.router.smi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Nodes;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.PluginConfig;
import dev.sluice.traffic.router.RouteException;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.RouteWeight;
import dev.sluice.traffic.router.Target;
import dev.sluice.traffic.router.TrafficRouter;
import java.util.List;
import java.util.Optional;

/**
 * SMI (Linkerd's SMI extension, OSM): a {@code TrafficSplit} {@code split.smi-spec.io/v1alpha2} that Sluice
 * creates and owns, as Argo's SMI router does. {@code spec.service} is the root Service clients call
 * ({@code rootService}, default the stable Service); {@code spec.backends} are the canary and the stable
 * Service with their weights. Header, mirror and session-affinity routes are refused: SMI expresses them with
 * HTTPRouteGroups that Sluice does not write.
 *
 * <p>Configured either by Argo's {@code smi:} field or as the plugin {@code plugins: {smi: {rootService,
 * trafficSplitName}}} (the same two keys); setting both is refused.
 */
public final class SmiRouter implements TrafficRouter {
    public static final String NAME = "smi";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean configuredIn(Desired desired) {
        return desired.routing().smi() != null;
    }

    @Override
    public Optional<String> plugin() {
        return Optional.of(NAME);
    }

    /** The SMI configuration: the {@code smi:} field, else the {@code plugins.smi} object. */
    static TrafficRouting.Smi smi(Desired desired) {
        TrafficRouting.Smi field = desired.routing().smi();
        return field != null ? field : PluginConfig.read(NAME, desired.routing().plugin(NAME), TrafficRouting.Smi.class);
    }

    @Override
    public List<Target> targets(Desired desired) {
        return List.of(Target.of(NAME, new ObjectRef(RouteKind.TRAFFIC_SPLIT, desired.namespace(), splitName(desired))));
    }

    /** Argo's default: the TrafficSplit is named after the rollout. */
    static String splitName(Desired desired) {
        String name = smi(desired).trafficSplitName();
        return name == null || name.isBlank() ? desired.rolloutName() : name;
    }

    static String rootService(Desired desired) {
        String root = smi(desired).rootService();
        return root == null || root.isBlank() ? desired.stableService() : root;
    }

    @Override
    public Optional<ObjectNode> initial(Target target, ObjectNode template, Desired desired) {
        ObjectNode split = Nodes.JSON.objectNode();
        split.put("apiVersion", RouteKind.TRAFFIC_SPLIT.apiVersion());
        split.put("kind", RouteKind.TRAFFIC_SPLIT.kind());
        split.putObject("metadata").put("name", target.ref().name()).put("namespace", target.ref().namespace());
        split.putObject("spec");
        return Optional.of(split);
    }

    /** The whole spec is Sluice's: root Service, then canary and stable backends, rewritten on every write. */
    @Override
    public void setWeight(Target target, ObjectNode object, Desired desired) {
        ObjectNode spec = Nodes.spec(object);
        spec.put("service", rootService(desired));
        ArrayNode backends = spec.putArray("backends");
        backends.addObject().put("service", desired.canaryService()).put("weight", desired.canaryWeight());
        backends.addObject().put("service", desired.stableService()).put("weight", desired.stableWeight());
    }

    @Override
    public void setManagedRoutes(Target target, ObjectNode object, Desired desired) {
        if (!desired.addedRoutes().isEmpty()) {
            throw new RouteException(target.ref() + ": the SMI router does not support header, mirror or session-affinity routes ('"
                    + desired.addedRoutes().get(0).name() + "')");
        }
    }

    @Override
    public List<RouteWeight> readBack(Target target, ObjectNode object, Desired desired) {
        long stable = -1;
        long canary = -1;
        for (ObjectNode backend : Nodes.objects(object.path("spec"), "backends")) {
            String service = Nodes.text(backend, "service");
            if (desired.stableService().equals(service)) {
                stable = backend.path("weight").asLong(0);
            } else if (desired.canaryService().equals(service)) {
                canary = backend.path("weight").asLong(0);
            }
        }
        if (stable < 0 || canary < 0) {
            throw new RouteException(target.ref() + " has no backend for the " + (stable < 0 ? "stable Service '"
                    + desired.stableService() : "canary Service '" + desired.canaryService()) + "'");
        }
        return List.of(new RouteWeight(null, Nodes.percent(stable, canary)));
    }

    @Override
    public List<String> violations(Desired desired) {
        if (desired.routing().smi() != null && desired.routing().plugin(NAME) != null) {
            return List.of("routing sets both smi and plugins.smi; set one");
        }
        TrafficRouting.Smi smi;
        try {
            smi = smi(desired);
        } catch (RouteException e) {
            return List.of(e.getMessage());
        }
        String root = rootService(desired);
        String at = desired.routing().smi() != null ? "routing.smi" : "routing.plugins.smi";
        return root.equals(desired.canaryService())
                ? List.of(at + ".rootService '" + smi.rootService() + "' is the canary Service; clients must call the root")
                : List.of();
    }
}
