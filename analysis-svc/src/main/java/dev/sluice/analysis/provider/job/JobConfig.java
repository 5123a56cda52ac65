package dev.sluice.analysis.provider.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderValues;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code job} provider block's validation without the provider (whose class needs a Kubernetes client and the
 * service's logging), so {@code sluice lint} judges the block exactly as analysis-svc does.
 */
public final class JobConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobConfig() {
    }

    public static List<String> problems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            return List.of("the block must be an object with a Job spec");
        }
        JsonNode spec = config.get("spec");
        if (spec == null || !spec.isObject()) {
            problems.add("spec (a Job spec) is required");
        } else {
            JsonNode containers = spec.path("template").path("spec").path("containers");
            if (!containers.isArray() || containers.isEmpty()) {
                problems.add("spec.template.spec.containers must name at least one container");
            }
            String restart = spec.path("template").path("spec").path("restartPolicy").asText("");
            if (!restart.equals("Never") && !restart.equals("OnFailure")) {
                problems.add("spec.template.spec.restartPolicy must be Never or OnFailure (a Job's pods may not restart Always)");
            }
            try {
                JSON.treeToValue(spec, JobSpec.class);
            } catch (Exception e) {
                problems.add("spec is not a Job spec: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (config.hasNonNull("timeout") && ProviderValues.positiveDuration(config.get("timeout").asText()).isEmpty()) {
            problems.add("timeout must be a duration such as 10m");
        }
        return problems;
    }
}
