package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Manifest;
import dev.sluice.hygiene.Selectors;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.ArrayList;
import java.util.List;

/** The PodDisruptionBudget lets a drain evict at least one pod, and only one budget selects the pods. */
public final class DrainAllowed extends BaseRule {
    public DrainAllowed() {
        super("pdb-allows-drain", Severity.ERROR,
                "the PodDisruptionBudget allows at least one eviction at the workload's replicas (minAvailable < replicas, "
                        + "maxUnavailable > 0), and only one budget selects the pods",
                "A budget that allows no eviction blocks every node drain; cluster upgrades then evict after their "
                        + "timeout anyway, all pods at once, and two budgets over one pod make every eviction fail.",
                """
                spec:
                  maxUnavailable: 1        # not 0, and not minAvailable equal to the replicas or 100%
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        List<Finding> found = new ArrayList<>();
        if (s.budgets().size() > 1) {
            found.add(finding(s, "spec.template.metadata.labels", "selected by " + s.budgets().size()
                    + " PodDisruptionBudgets (" + String.join(", ", s.budgets().stream().map(Manifest::name).toList())
                    + "): the eviction API refuses every eviction"));
        }
        int replicas = s.replicas();
        if (replicas < 1) {
            return found;
        }
        for (Manifest budget : s.budgets()) {
            JsonNode spec = budget.object().path("spec");
            long allowed = disruptionsAllowed(spec, replicas);
            if (allowed < 1) {
                String field = spec.has("maxUnavailable") ? "spec.maxUnavailable" : "spec.minAvailable";
                found.add(finding(budget, field, spec.path(field.substring(5)).asText() + " allows no eviction of "
                        + s.workload().describe() + " at " + replicas + " replicas (" + s.replicasSource()
                        + "): a node drain never completes"));
            }
        }
        return found;
    }

    /** How many of {@code replicas} ready pods the budget lets an eviction take (percentages round up). */
    public static long disruptionsAllowed(JsonNode spec, int replicas) {
        if (spec.has("maxUnavailable")) {
            int max = Selectors.pods(spec.get("maxUnavailable"), replicas, true, "0");
            return max < 0 ? replicas : max;
        }
        if (spec.has("minAvailable")) {
            int min = Selectors.pods(spec.get("minAvailable"), replicas, true, "0");
            return min < 0 ? replicas : replicas - min;
        }
        return replicas; // unreadable or neither field: the API server rejects the budget
    }
}
