package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.prometheus.PrometheusProvider;
import dev.sluice.analysis.provider.web.WebProvider;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.testsupport.Fuzz;
import dev.sluice.testsupport.JsonMutations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzing what a run does before its first measurement: the example AnalysisTemplates of deploy/ with fields replaced by
 * odd values or removed are merged, their args resolved and their plan prepared. Every template Jackson can read gets a
 * plan or a list of violations (the run's Error message), never an exception that would leave the request redelivered
 * or dead-lettered without a run. Seeded random tries (5 seeds x 600 = 3,000), the same on every run.
 */
class TemplatePropertiesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final List<JsonNode> SEEDS = JsonMutations.deployExamples(k -> k.endsWith("AnalysisTemplate")).stream()
            .map(t -> t.path("spec")).toList();
    static final ConditionCompiler COMPILER = new ConditionCompiler();
    static final Map<String, MetricProvider> PROVIDERS = Map.of("prometheus", new PrometheusProvider(), "web", new WebProvider());
    static final int TRIES_PER_SEED = 600;

    static JsonNode generate(java.util.Random random) {
        return JsonMutations.mutate(SEEDS.get(random.nextInt(SEEDS.size())), random.nextLong(), 1 + random.nextInt(6));
    }

    @ParameterizedTest(name = "no mutated template makes preparing a run throw (seed {0})")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void no_template_makes_preparing_a_run_throw(long seed) {
        assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(3);
        Map<String, Integer> inputs = Fuzz.run(seed, TRIES_PER_SEED, TemplatePropertiesTest::generate, template -> {
            AnalysisTemplateSpec spec;
            try {
                spec = YAML.treeToValue(template, AnalysisTemplateSpec.class);
            } catch (IOException | IllegalArgumentException notATemplate) {
                return "not readable as a template";
            }
            TemplateMerge.Result merged = TemplateMerge.merge(List.of(new TemplateMerge.Found("AnalysisTemplate", "fuzz", spec)),
                    List.of(new Argument("service-name", "web", null)), List.of());
            List<String> violations = new ArrayList<>();
            Map<String, String> secrets = new HashMap<>(Map.of("token", "s3cret-token"));
            Map<String, String> args = TemplateMerge.resolveArgs(spec.args == null ? List.of() : spec.args, "shop",
                    (ns, name, key) -> Optional.ofNullable(secrets.get(key)), violations);
            RunPlan.Prepared prepared = RunPlan.prepare(spec.metrics, spec.dryRun, spec.measurementRetention, args,
                    t -> Optional.ofNullable(PROVIDERS.get(t)), COMPILER);
            assertThat(merged).isNotNull();
            assertThat(prepared).isNotNull();
            if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
                assertThat(invalid.violations()).isNotEmpty().doesNotContainNull();
            }
            return "a template";
        });
        // The property is about templates: enough mutated documents must still be one, or it would test nothing.
        assertThat(inputs.getOrDefault("a template", 0)).as("seed %d: %s", seed, inputs).isGreaterThanOrEqualTo(TRIES_PER_SEED / 4);
    }
}
