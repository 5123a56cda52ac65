package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Selectors;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** A rolling update of few replicas surges instead of taking pods away first. */
public final class RollingUpdate extends BaseRule {
    /** At or below this many replicas one missing pod is a third of the capacity or more. */
    public static final int FEW_REPLICAS = 3;

    public RollingUpdate() {
        super("rolling-update", Severity.ERROR,
                "a Deployment is not Recreate; with " + FEW_REPLICAS + " replicas or fewer, maxUnavailable is 0 and maxSurge at least 1 "
                        + "(Deployment strategy.rollingUpdate, Rollout strategy.canary)",
                "Recreate stops every old pod before a new one starts, and on few replicas a maxUnavailable above 0 takes "
                        + "a pod out before its replacement is ready, so the rest take its load or requests are refused.",
                """
                strategy:
                  type: RollingUpdate
                  rollingUpdate:
                    maxSurge: 1
                    maxUnavailable: 0
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        JsonNode rolling;
        String at;
        if (s.workload().kind().equals("Deployment")) {
            JsonNode strategy = s.spec().path("strategy");
            if (strategy.path("type").asText("RollingUpdate").equals("Recreate")) {
                return List.of(finding(s, "spec.strategy.type", "Recreate stops every pod before the new ones start"));
            }
            rolling = strategy.path("rollingUpdate");
            at = "spec.strategy.rollingUpdate";
        } else if (s.isRollout() && s.spec().path("strategy").has("canary")) {
            rolling = s.spec().path("strategy").path("canary");
            at = "spec.strategy.canary";
        } else {
            return List.of();
        }
        int replicas = s.replicas();
        if (replicas < 1 || replicas > FEW_REPLICAS) {
            return List.of();
        }
        int unavailable = Selectors.pods(rolling.get("maxUnavailable"), replicas, false, "25%");
        int surge = Selectors.pods(rolling.get("maxSurge"), replicas, true, "25%");
        if (unavailable < 0 || surge < 0) {
            return List.of(); // not a count nor a percentage: the API server (or the Rollout's validation) says so
        }
        if (unavailable > 0) {
            return List.of(finding(s, at + ".maxUnavailable", "lets " + unavailable + " of " + replicas
                    + " pods go before their replacements are ready; set 0 (and maxSurge 1)"));
        }
        if (surge < 1) {
            return List.of(finding(s, at + ".maxSurge", "0 with maxUnavailable 0 cannot make progress; set 1"));
        }
        return List.of();
    }
}
