package dev.sluice.traffic.router;

import dev.sluice.traffic.router.gatewayapi.GatewayApiRouter;
import dev.sluice.traffic.router.istio.IstioRouter;
import dev.sluice.traffic.router.nginx.NginxRouter;
import dev.sluice.traffic.router.smi.SmiRouter;
import dev.sluice.traffic.router.traefik.TraefikRouter;
import java.util.List;

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
}
