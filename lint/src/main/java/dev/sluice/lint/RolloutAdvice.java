package dev.sluice.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.controller.rollout.ReplicaArithmetic;
import dev.sluice.controller.rollout.ReplicaCounts;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rollout warnings: valid specs that rarely do what their authors meant. */
final class RolloutAdvice {
    private RolloutAdvice() {
    }

    static List<Finding> check(Manifest rollout, List<Manifest> manifests) {
        List<Finding> found = new ArrayList<>();
        neverCompletes(rollout, manifests, found);
        weightBelowOnePod(rollout, found);
        return found;
    }

    /** Every analysis of the Rollout by its field: inline steps, background, blue-green pre/post promotion. */
    static Map<String, JsonNode> analyses(Manifest rollout) {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        JsonNode strategy = rollout.object().path("spec").path("strategy");
        JsonNode steps = strategy.path("canary").path("steps");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).has("analysis")) {
                result.put("spec.strategy.canary.steps[" + i + "].analysis", steps.get(i).get("analysis"));
            }
        }
        if (strategy.path("canary").has("analysis")) {
            result.put("spec.strategy.canary.analysis", strategy.path("canary").get("analysis"));
        }
        for (String field : List.of("prePromotionAnalysis", "postPromotionAnalysis")) {
            if (strategy.path("blueGreen").has(field)) {
                result.put("spec.strategy.blueGreen." + field, strategy.path("blueGreen").get(field));
            }
        }
        return result;
    }

    /** The template a reference names, when it is in the input: a ClusterAnalysisTemplate, or one in the Rollout's namespace. */
    static Optional<Manifest> template(Manifest rollout, JsonNode ref, List<Manifest> manifests) {
        boolean cluster = ref.path("clusterScope").asBoolean(false);
        String name = ref.path("templateName").asText();
        return manifests.stream()
                .filter(m -> m.apiVersion().startsWith(SpecChecks.GROUP) && m.name().equals(name))
                .filter(m -> cluster ? m.kind().equals("ClusterAnalysisTemplate")
                        : m.kind().equals("AnalysisTemplate") && m.sameNamespace(rollout))
                .findFirst();
    }

    /**
     * An analysis the rollout waits on (a step, blue-green pre- or post-promotion) with a metric that measures at an
     * interval without a count: it ends only on a failure, so the rollout waits there until a failure or a promote.
     */
    private static void neverCompletes(Manifest rollout, List<Manifest> manifests, List<Finding> found) {
        analyses(rollout).forEach((field, analysis) -> {
            if (field.equals("spec.strategy.canary.analysis")) {
                return; // background analysis runs until the rollout ends: indefinite is right there
            }
            for (JsonNode ref : analysis.path("templates")) {
                template(rollout, ref, manifests).ifPresent(t -> {
                    for (JsonNode metric : t.object().path("spec").path("metrics")) {
                        if (metric.hasNonNull("interval") && metric.path("count").asInt(0) == 0) {
                            found.add(SpecChecks.finding(LintRule.STEP_NEVER_COMPLETES, rollout, field, "metric '"
                                    + metric.path("name").asText() + "' of " + t.kind() + " " + t.name() + " has interval "
                                    + metric.path("interval").asText() + " and no count: the analysis never succeeds, "
                                    + "so the rollout waits here until a failure or a promote"));
                        }
                    }
                });
            }
        });
    }

    /** Without trafficRouting, a setWeight below one pod's share gets a whole pod (the controller's own arithmetic). */
    private static void weightBelowOnePod(Manifest rollout, List<Finding> found) {
        JsonNode canary = rollout.object().path("spec").path("strategy").path("canary");
        if (canary.isMissingNode() || canary.has("trafficRouting")) {
            return;
        }
        int replicas = rollout.object().path("spec").path("replicas").asInt(1);
        JsonNode steps = canary.path("steps");
        for (int i = 0; i < steps.size(); i++) {
            int weight = steps.get(i).path("setWeight").asInt(0);
            if (weight <= 0 || weight >= 100 || replicas < 1) {
                continue;
            }
            ReplicaCounts target = ReplicaArithmetic.weightedTarget(replicas, weight);
            int share = Math.round(100f * target.canary() / (target.canary() + target.stable()));
            if (weight * replicas < 100 && share > weight) {
                found.add(SpecChecks.finding(LintRule.WEIGHT_BELOW_ONE_POD, rollout, "spec.strategy.canary.steps[" + i
                        + "].setWeight", weight + " at " + replicas + " replicas without trafficRouting is " + target.canary()
                        + " canary pod of " + (target.canary() + target.stable()) + ": " + share + "% of the traffic"));
            }
        }
    }
}
