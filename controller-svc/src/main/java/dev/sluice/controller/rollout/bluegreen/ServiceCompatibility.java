package dev.sluice.controller.rollout.bluegreen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether the active and preview Services can take each other's place: both exist, and every port the active Service
 * exposes is exposed by the preview Service with the same protocol and target port (so a request that works through
 * the preview works after the switch). The wiring reads the Services; this judges them.
 */
public final class ServiceCompatibility {

    private ServiceCompatibility() {
    }

    /** One port of a Service: {@code targetPort} as written (a number or a port name). */
    public record Port(String name, int port, String protocol, String targetPort) {

        String describe() {
            return port + "/" + (protocol == null ? "TCP" : protocol) + (name == null ? "" : " (" + name + ")");
        }
    }

    /** A Service as read from the cluster; null when it does not exist. */
    public record ServiceFacts(String name, List<Port> ports) {
        public ServiceFacts {
            ports = List.copyOf(ports);
        }
    }

    /** Every violation, each naming the Service and port; empty when the switch is safe. */
    public static List<String> violations(BlueGreenPlan plan, ServiceFacts active, ServiceFacts preview) {
        List<String> v = new ArrayList<>();
        if (active == null) {
            v.add("spec.strategy.blueGreen.activeService '" + plan.activeService() + "' does not exist in the Rollout's namespace");
        }
        if (plan.previewService() != null && preview == null) {
            v.add("spec.strategy.blueGreen.previewService '" + plan.previewService() + "' does not exist in the Rollout's namespace");
        }
        if (active == null || preview == null) {
            return v;
        }
        for (Port a : active.ports()) {
            Port p = preview.ports().stream()
                    .filter(candidate -> candidate.port() == a.port() && Objects.equals(protocol(candidate), protocol(a)))
                    .findFirst().orElse(null);
            if (p == null) {
                v.add("previewService '" + preview.name() + "' has no port " + a.describe() + " that activeService '"
                        + active.name() + "' exposes");
            } else if (!Objects.equals(target(a), target(p))) {
                v.add("port " + a.describe() + " targets " + target(a) + " on activeService '" + active.name() + "' but "
                        + target(p) + " on previewService '" + preview.name() + "'");
            }
        }
        return v;
    }

    private static String protocol(Port p) {
        return p.protocol() == null ? "TCP" : p.protocol();
    }

    /** Kubernetes: an absent targetPort is the port itself. */
    private static String target(Port p) {
        return p.targetPort() == null ? Integer.toString(p.port()) : p.targetPort();
    }
}
