package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Manifest;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.ArrayList;
import java.util.List;

/** The HorizontalPodAutoscaler keeps 2 or more pods, more than the PodDisruptionBudget's minAvailable. */
public final class HpaMinReplicas extends BaseRule {
    public HpaMinReplicas() {
        super("hpa-min-replicas", Severity.ERROR,
                "an HPA scaling the workload has minReplicas at least 2 and above the PodDisruptionBudget's minAvailable",
                "At minReplicas 1 a quiet hour leaves one pod that a drain takes away; at or below the budget's "
                        + "minAvailable the budget blocks every drain once the HPA scales down.",
                """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                spec:
                  minReplicas: 2           # and above any PodDisruptionBudget minAvailable
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        if (s.autoscaler().isEmpty()) {
            return List.of();
        }
        Manifest hpa = s.autoscaler().get();
        int min = s.replicas();
        List<Finding> found = new ArrayList<>();
        if (min < 2) {
            found.add(finding(hpa, "spec.minReplicas", min + ": at the minimum a drain or an eviction leaves no pod of "
                    + s.workload().describe() + " serving"));
        }
        for (Manifest budget : s.budgets()) {
            JsonNode minAvailable = budget.object().path("spec").path("minAvailable");
            if (minAvailable.isInt() && minAvailable.asInt() >= min) {
                found.add(finding(hpa, "spec.minReplicas", min + " is not above " + budget.describe()
                        + " spec.minAvailable " + minAvailable.asInt() + ": scaled to the minimum, no drain can evict a pod"));
            }
        }
        return found;
    }
}
