package dev.sluice.traffic.router;

import dev.sluice.traffic.router.gatewayapi.GatewayApiRouter;
import dev.sluice.traffic.router.istio.IstioRouter;
import dev.sluice.traffic.router.nginx.NginxRouter;
import dev.sluice.traffic.router.smi.SmiRouter;
import dev.sluice.traffic.router.traefik.TraefikRouter;
import dev.sluice.events.TrafficRouting;
import java.util.List;
import java.util.Optional;

/** The one registration point of the router SPI: every router traffic-svc knows, in the order they are written. */
public final class Routers {
    /** Argo's pod-template hash label, the default of {@code sluice.traffic.hash-label}. */
    public static final String DEFAULT_HASH_LABEL = "rollouts-pod-template-hash";

    private Routers() {
    }

    /** @param hashLabel the pod label with the pod-template hash (Istio subset-level routing) */
    public static List<TrafficRouter> all(String hashLabel) {
        return List.of(new IstioRouter(hashLabel), new NginxRouter(), new GatewayApiRouter(), new TraefikRouter(), new SmiRouter());
    }

    /** The names a routing spec may use, for messages. */
    public static List<String> names() {
        return all(DEFAULT_HASH_LABEL).stream().map(TrafficRouter::name).toList();
    }

    /**
     * The problem with a routing's plugins no router answers to ({@code routing.plugins} naming the known ones), or
     * empty; a shift that names an unknown plugin fails without retries, it cannot succeed later.
     */
    public static Optional<String> unknownPlugins(TrafficRouting routing) {
        return unknownPlugins(routing, all(DEFAULT_HASH_LABEL));
    }

    /** As {@link #unknownPlugins(TrafficRouting)}, against the plugin names of {@code routers}. */
    public static Optional<String> unknownPlugins(TrafficRouting routing, List<TrafficRouter> routers) {
        if (routing == null || routing.plugins() == null) {
            return Optional.empty();
        }
        List<String> known = routers.stream().map(TrafficRouter::plugin).flatMap(Optional::stream).toList();
        List<String> unknown = routing.plugins().keySet().stream().filter(n -> !known.contains(n)).sorted().toList();
        return unknown.isEmpty() ? Optional.empty() : Optional.of("routing.plugins names " + (unknown.size() == 1 ? "an unknown plugin '"
                + unknown.get(0) + "'" : "unknown plugins " + unknown) + "; traffic-svc knows " + String.join(", ", known));
    }
}
