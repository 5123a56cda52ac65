package dev.sluice.analysis.run;

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
import dev.sluice.testsupport.JsonMutations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing what a run does before its first measurement: the example AnalysisTemplates of deploy/ with fields replaced by
 * odd values or removed are merged, their args resolved and their plan prepared. Every template Jackson can read gets a
 * plan or a list of violations (the run's Error message), never an exception that would leave the request redelivered
 * or dead-lettered without a run.
 */
class TemplatePropertiesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final List<JsonNode> SEEDS = JsonMutations.deployExamples(k -> k.endsWith("AnalysisTemplate")).stream()
            .map(t -> t.path("spec")).toList();
    static final ConditionCompiler COMPILER = new ConditionCompiler();
    static final Map<String, MetricProvider> PROVIDERS = Map.of("prometheus", new PrometheusProvider(), "web", new WebProvider());

    @Provide
    Arbitrary<JsonNode> examples() {
        return Arbitraries.of(SEEDS);
    }

    @Property(tries = 3000)
    void no_template_makes_preparing_a_run_throw(@ForAll("examples") JsonNode example, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        assertThat(SEEDS).hasSizeGreaterThanOrEqualTo(3);
        AnalysisTemplateSpec spec;
        try {
            spec = YAML.treeToValue(JsonMutations.mutate(example, seed, mutations), AnalysisTemplateSpec.class);
        } catch (IOException | IllegalArgumentException notATemplate) {
            Statistics.label("input").collect("not readable as a template");
            Statistics.label("input").coverage(c -> c.check("a template").percentage(p -> p >= 25.0));
            return;
        }
        Statistics.label("input").collect("a template");
        Statistics.label("input").coverage(c -> c.check("a template").percentage(p -> p >= 25.0));

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
        Statistics.label("verdict").collect(prepared instanceof RunPlan.Prepared.Ready ? "ready" : "invalid");
    }
}
