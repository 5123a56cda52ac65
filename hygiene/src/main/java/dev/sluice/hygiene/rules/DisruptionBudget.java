package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** A PodDisruptionBudget selects the pods of a workload of 2 or more replicas. */
public final class DisruptionBudget extends BaseRule {
    public DisruptionBudget() {
        super("pdb-present", Severity.ERROR, "a PodDisruptionBudget selects the pods (2 or more replicas)",
                "Without one a node drain may evict every pod of the workload at once, and nothing serves until they are "
                        + "rescheduled and ready.",
                """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec:
                  maxUnavailable: 1
                  unhealthyPodEvictionPolicy: AlwaysAllow
                  selector:
                    matchLabels: {app: web}
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        if (s.replicas() < 2 || !s.budgets().isEmpty()) {
            return List.of();
        }
        return List.of(finding(s, "spec.template.metadata.labels",
                "no PodDisruptionBudget selects these pods: a drain may evict all " + s.replicas() + " at once"));
    }
}
