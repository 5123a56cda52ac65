package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;
import java.util.Objects;

/** A liveness probe is not the readiness probe with an equal or lower failure threshold. */
public final class LivenessProbe extends BaseRule {
    static final List<String> HANDLERS = List.of("httpGet", "tcpSocket", "exec", "grpc");

    public LivenessProbe() {
        super("liveness-probe", Severity.WARNING,
                "the liveness probe does not check the same thing as the readiness probe with a failure threshold as low",
                "When both check the same endpoint, a slow moment (a busy dependency, a long GC) fails liveness as soon "
                        + "as readiness, and the kubelet restarts pods that only needed a rest, often all at once.",
                """
                readinessProbe:
                  httpGet: {path: /ready, port: http}
                  failureThreshold: 3
                livenessProbe:
                  httpGet: {path: /live, port: http}   # or the same endpoint with a higher failureThreshold
                  failureThreshold: 6
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        return s.containers().stream()
                .filter(c -> c.has("livenessProbe") && c.has("readinessProbe"))
                .filter(c -> sameHandler(c.probe("livenessProbe"), c.probe("readinessProbe"))
                        && threshold(c.probe("livenessProbe")) <= threshold(c.probe("readinessProbe")))
                .map(c -> finding(s, c.path() + ".livenessProbe", "checks the same as the readiness probe with failureThreshold "
                        + threshold(c.probe("livenessProbe")) + ": a slow moment restarts the pod instead of resting it"))
                .toList();
    }

    private static boolean sameHandler(JsonNode liveness, JsonNode readiness) {
        return HANDLERS.stream().allMatch(h -> Objects.equals(liveness.get(h), readiness.get(h)));
    }

    private static int threshold(JsonNode probe) {
        return probe.path("failureThreshold").asInt(3);
    }
}
