package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.testsupport.JsonMutations;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing the validation every reconcile runs first: the example Rollouts of deploy/ with fields of their spec
 * replaced by odd values or removed. Whatever Jackson can read as a Rollout (what the informer hands the reconciler),
 * the validation answers with violations or a plan and never throws, so no spec can make the reconcile loop fail
 * instead of reporting {@code InvalidSpec}.
 */
class RolloutSpecPropertiesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final List<JsonNode> SEEDS = JsonMutations.deployExamples("Rollout"::equals);

    @Provide
    Arbitrary<JsonNode> examples() {
        return Arbitraries.of(SEEDS);
    }

    @Property(tries = 3000)
    void no_spec_makes_the_validation_throw(@ForAll("examples") JsonNode example, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations, @ForAll @IntRange(min = -1, max = 12) int deploymentReplicas) {
        assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(8);
        ObjectNode doc = example.deepCopy();
        doc.set("spec", JsonMutations.mutate(example.path("spec"), seed, mutations));
        Rollout rollout;
        try {
            rollout = YAML.treeToValue(doc, Rollout.class);
        } catch (IOException | IllegalArgumentException notARollout) {
            Statistics.label("input").collect("not readable as a Rollout");
            enoughRollouts();
            return;
        }
        Statistics.label("input").collect("a Rollout");
        enoughRollouts();
        List<String> violations = RolloutChecks.violations(rollout, deploymentReplicas < 0 ? null : deploymentReplicas);
        assertThat(violations).doesNotContainNull().allSatisfy(v -> assertThat(v).isNotBlank());
        Statistics.label("verdict").collect(violations.isEmpty() ? "valid" : "InvalidSpec");
    }

    /** The property is about Rollouts: most mutated documents must still be one, or it would test nothing. */
    private static void enoughRollouts() {
        Statistics.label("input").coverage(c -> c.check("a Rollout").percentage(p -> p >= 10.0));
    }
}
