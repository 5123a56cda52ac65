package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** Two or more pods, so one serves while another restarts or moves. */
public final class Replicas extends BaseRule {
    public Replicas() {
        super("replicas", Severity.ERROR, "spec.replicas at least 2 (an HPA's minReplicas is judged by hpa-min-replicas)",
                "With one pod, a node drain or an eviction takes the only pod away before a new one is ready.",
                """
                spec:
                  replicas: 2
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        if (s.autoscaler().isPresent()) {
            return List.of();
        }
        int replicas = s.declaredReplicas().orElse(1);
        if (replicas == 0 || replicas >= 2) {
            return List.of(); // 0 is a parked workload, on purpose
        }
        return List.of(finding(s, "spec.replicas", (s.declaredReplicas().isEmpty() ? "unset (1)" : "1")
                + ": a drain or an eviction leaves no pod serving"));
    }
}
