package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.prometheus.PrometheusProvider;
import dev.sluice.analysis.provider.web.WebProvider;
import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed AnalysisTemplates as a user writes them (YAML): each must give exactly these violations, which the run
 * supervisor writes on the AnalysisRun as phase Error with the message {@code the run cannot start: <violations
 * joined by "; ">} before any measurement, never an exception.
 */
class MalformedTemplatesTest {
    private static final Map<String, MetricProvider> PROVIDERS = Map.of("prometheus", new PrometheusProvider(), "web", new WebProvider());
    private static final String PROM = "provider: {prometheus: {address: 'http://prometheus:9090', query: 'up'}}";

    static Stream<Arguments> templates() {
        return Stream.of(
                row("an interval of twenty digits", metric("interval: '99999999999999999999'"),
                        "metric 'rate': interval '99999999999999999999' has no unit; write 99999999999999999999s (durations need a unit, as in Go, Argo and Flagger)"),
                row("an interval written with an exponent", metric("interval: 1e9h"),
                        "metric 'rate': interval '1e9h' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                row("a negative interval", metric("interval: -5s"),
                        "metric 'rate': interval '-5s' is negative; a duration here must be 0 or more"),
                row("an interval of a billion hours", metric("interval: 1000000000h"),
                        "metric 'rate': interval '1000000000h' is too long; the longest duration is 2562047h (about 292 years)"),
                row("an interval of zero", metric("interval: 0s"), "metric 'rate': interval must be more than 0"),
                row("a negative initialDelay", metric("initialDelay: -1m"),
                        "metric 'rate': initialDelay '-1m' is negative; a duration here must be 0 or more"),
                row("a count of 3 without an interval", metric("count: 3"),
                        "metric 'rate': count 3 needs an interval between measurements"),
                row("limits below their floors", metric("failureLimit: -2\n    inconclusiveLimit: -5\n    consecutiveErrorLimit: -1"),
                        "metric 'rate': failureLimit must be -1 (off) or more, got -2",
                        "metric 'rate': inconclusiveLimit must be -1 (off) or more, got -5",
                        "metric 'rate': consecutiveErrorLimit must not be negative, got -1"),
                row("two providers on one metric", """
                        metrics:
                          - name: rate
                            provider: {prometheus: {address: 'http://p:9090', query: up}, web: {url: 'http://x'}}
                        """, "metric 'rate': exactly one provider is required, found prometheus, web"),
                row("a provider this analysis-svc does not have (its key is kept, not dropped)", """
                        metrics:
                          - name: rate
                            provider: {acme: {query: up}}
                        """, "metric 'rate': provider 'acme' is not available in this analysis-svc"),
                row("no provider", """
                        metrics:
                          - name: rate
                        """, "metric 'rate': exactly one provider is required, found none"),
                row("two metrics with one name", """
                        metrics:
                          - name: rate
                            %s
                          - name: rate
                            %s
                        """.formatted(PROM, PROM),
                        "metric 'rate': the name is used by more than one metric (templates merged into one run must not repeat metric names)"),
                row("a metric without a name", """
                        metrics:
                          - %s
                        """.formatted(PROM), "metrics[0]: name is required"),
                row("no metrics at all", "metrics: []", "the run has no metrics"),
                row("a measurementRetention limit of zero", """
                        metrics:
                          - name: rate
                            %s
                        measurementRetention: [{metricName: rate, limit: 0}]
                        """.formatted(PROM), "measurementRetention for 'rate': limit must be at least 1, got 0"),
                row("an arg used in the query that has no value", """
                        metrics:
                          - name: rate
                            provider: {prometheus: {address: 'http://p:9090', query: 'up{job="{{args.job}}"}'}}
                        """, "metric 'rate': {{args.job}} has no value (not in the templates' args nor the rollout's)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void ends_as_exactly_these_violations(String behaviour, String specYaml, List<String> violations) {
        AnalysisTemplate template = Serialization.unmarshal("""
                apiVersion: sluice.dev/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: rate, namespace: shop}
                spec:
                """ + specYaml.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n"), AnalysisTemplate.class);
        AnalysisTemplateSpec spec = template.getSpec();
        RunPlan.Prepared prepared = RunPlan.prepare(spec.metrics, spec.dryRun, spec.measurementRetention, Map.of(),
                t -> Optional.ofNullable(PROVIDERS.get(t)), new ConditionCompiler());
        assertThat(prepared).isInstanceOfSatisfying(RunPlan.Prepared.Invalid.class,
                invalid -> assertThat(invalid.violations()).containsExactlyElementsOf(violations));
    }

    private static String metric(String fields) {
        return """
                metrics:
                  - name: rate
                    %s
                    %s
                """.formatted(PROM, fields);
    }

    private static Arguments row(String behaviour, String specYaml, String... violations) {
        return Arguments.of(behaviour, specYaml, List.of(violations));
    }
}
