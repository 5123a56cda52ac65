package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.ArrayList;
import java.util.List;

/** Probes use a port the container declares (by name or number). */
public final class ProbePort extends BaseRule {
    static final List<String> PROBES = List.of("readinessProbe", "livenessProbe", "startupProbe");

    public ProbePort() {
        super("probe-port", Severity.WARNING, "readiness, liveness and startup probes use a port the container declares",
                "A probe on a port name the container does not declare never succeeds (the pod never turns ready), and an "
                        + "undeclared number hides from Services and NetworkPolicies which port the app serves on.",
                """
                ports:
                - {name: http, containerPort: 8080}
                readinessProbe:
                  httpGet: {path: /ready, port: http}
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        List<Finding> found = new ArrayList<>();
        for (var c : s.containers()) {
            JsonNode ports = c.node().path("ports");
            for (String probe : PROBES) {
                for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
                    JsonNode port = c.probe(probe).path(handler).path("port");
                    if (!port.isMissingNode() && !declared(port, ports)) {
                        found.add(finding(s, c.path() + "." + probe + "." + handler + ".port",
                                port.asText() + " is not a port the container declares"));
                    }
                }
            }
        }
        return found;
    }

    private static boolean declared(JsonNode port, JsonNode ports) {
        for (JsonNode p : ports) {
            if (port.isNumber() ? p.path("containerPort").asInt(-1) == port.asInt() : p.path("name").asText().equals(port.asText())) {
                return true;
            }
        }
        return false;
    }
}
