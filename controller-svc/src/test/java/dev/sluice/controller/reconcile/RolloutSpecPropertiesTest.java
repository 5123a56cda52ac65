package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.testsupport.Fuzz;
import dev.sluice.testsupport.JsonMutations;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzing the validation every reconcile runs first: the example Rollouts of deploy/ with fields of their spec
 * replaced by odd values or removed. Whatever Jackson can read as a Rollout (what the informer hands the reconciler),
 * the validation answers with violations or a plan and never throws, so no spec can make the reconcile loop fail
 * instead of reporting {@code InvalidSpec}. Seeded random tries (5 seeds x 600 = 3,000), the same on every run.
 */
class RolloutSpecPropertiesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final List<JsonNode> SEEDS = JsonMutations.deployExamples("Rollout"::equals);
    static final int TRIES_PER_SEED = 600;

    /** One try: an example with its spec mutated, and the Deployment's replicas (null: no Deployment referenced). */
    record Case(String example, Integer deploymentReplicas, JsonNode document) {
    }

    static Case generate(java.util.Random random) {
        JsonNode example = SEEDS.get(random.nextInt(SEEDS.size()));
        ObjectNode doc = example.deepCopy();
        doc.set("spec", JsonMutations.mutate(example.path("spec"), random.nextLong(), 1 + random.nextInt(6)));
        int replicas = random.nextInt(14) - 1;
        return new Case(example.path("metadata").path("name").asText(), replicas < 0 ? null : replicas, doc);
    }

    @ParameterizedTest(name = "no mutated spec makes the validation throw (seed {0})")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void no_spec_makes_the_validation_throw(long seed) {
        assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(8);
        Map<String, Integer> inputs = Fuzz.run(seed, TRIES_PER_SEED, RolloutSpecPropertiesTest::generate, c -> {
            Rollout rollout;
            try {
                rollout = YAML.treeToValue(c.document(), Rollout.class);
            } catch (IOException | IllegalArgumentException notARollout) {
                return "not readable as a Rollout";
            }
            List<String> violations = RolloutChecks.violations(rollout, c.deploymentReplicas());
            assertThat(violations).doesNotContainNull().allSatisfy(v -> assertThat(v).isNotBlank());
            return "a Rollout";
        });
        // The property is about Rollouts: enough mutated documents must still be one, or it would test nothing.
        assertThat(inputs.getOrDefault("a Rollout", 0)).as("seed %d: %s", seed, inputs).isGreaterThanOrEqualTo(TRIES_PER_SEED / 10);
    }
}
