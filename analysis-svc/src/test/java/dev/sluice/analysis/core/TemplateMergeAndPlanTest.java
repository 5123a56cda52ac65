package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.prometheus.PrometheusProvider;
import dev.sluice.analysis.provider.web.WebProvider;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateMergeAndPlanTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, MetricProvider> PROVIDERS = Map.of("prometheus", new PrometheusProvider(), "web", new WebProvider());

    static AnalysisTemplateSpec spec(String json) throws Exception {
        return JSON.readValue(json, AnalysisTemplateSpec.class);
    }

    static RunPlan.Prepared plan(AnalysisTemplateSpec spec, Map<String, String> args) {
        return RunPlan.prepare(spec.metrics, spec.dryRun, spec.measurementRetention, args,
                t -> Optional.ofNullable(PROVIDERS.get(t)), new ConditionCompiler());
    }

    @Test
    void the_rollouts_args_override_template_defaults_and_several_templates_merge() throws Exception {
        var a = spec("""
                {"args":[{"name":"service","value":"default"},{"name":"ns"}],"metrics":[{"name":"a"}]}
                """);
        var b = spec("""
                {"args":[{"name":"ns","value":"shop"}],"metrics":[{"name":"b"}],"dryRun":[{"metricName":"b"}]}
                """);
        TemplateMerge.Result r = TemplateMerge.merge(List.of(new TemplateMerge.Found("AnalysisTemplate", "a", a),
                new TemplateMerge.Found("ClusterAnalysisTemplate", "b", b)), List.of(new Argument("service", "web", null)), List.of());
        assertThat(r).isInstanceOfSatisfying(TemplateMerge.Result.Ok.class, ok -> {
            assertThat(ok.merged().args()).extracting(x -> x.name + "=" + x.value).containsExactly("service=web", "ns=shop");
            assertThat(ok.merged().metrics()).extracting(m -> m.name).containsExactly("a", "b");
            assertThat(ok.merged().dryRun()).extracting(d -> d.metricName).containsExactly("b");
        });
    }

    @Test
    void conflicting_defaults_and_args_without_value_are_all_reported() throws Exception {
        var a = spec("""
                {"args":[{"name":"x","value":"1"},{"name":"y"}],"metrics":[{"name":"a"}]}
                """);
        var b = spec("""
                {"args":[{"name":"x","value":"2"}],"metrics":[{"name":"b"}]}
                """);
        TemplateMerge.Result r = TemplateMerge.merge(List.of(new TemplateMerge.Found("AnalysisTemplate", "a", a),
                new TemplateMerge.Found("AnalysisTemplate", "b", b)), List.of(), List.of());
        assertThat(r).isInstanceOfSatisfying(TemplateMerge.Result.Invalid.class, i -> assertThat(i.violations())
                .anySatisfy(v -> assertThat(v).contains("'x' has different defaults"))
                .anySatisfy(v -> assertThat(v).contains("'y' has no value")));
    }

    @Test
    void a_secret_arg_is_read_and_a_missing_key_is_named_without_any_value() {
        Argument token = new Argument("token", null, new Argument.ValueFrom(new Argument.SecretKeyRef("prom", "token")));
        Argument other = new Argument("other", null, new Argument.ValueFrom(new Argument.SecretKeyRef("prom", "nope")));
        List<String> violations = new ArrayList<>();
        Map<String, String> values = TemplateMerge.resolveArgs(List.of(token, other), "shop",
                (ns, name, key) -> key.equals("token") ? Optional.of("t0k") : Optional.empty(), violations);
        assertThat(values).containsEntry("token", "t0k").doesNotContainKey("other");
        assertThat(violations).containsExactly("arg 'other': Secret shop/prom has no key 'nope'");
    }

    @Test
    void a_plan_applies_argos_defaults_and_substitutes_args() throws Exception {
        var s = spec("""
                {"metrics":[{"name":"rate","interval":"1m","initialDelay":"30s","successCondition":"result[0] >= {{args.min}}",
                  "provider":{"prometheus":{"address":"http://p:9090","query":"up{svc=\\"{{args.svc}}\\"}"}}}]}
                """);
        RunPlan.Prepared p = plan(s, Map.of("svc", "a\"b", "min", "0.9"));
        assertThat(p).isInstanceOfSatisfying(RunPlan.Prepared.Ready.class, ready -> {
            MetricSpec m = ready.plan().specs().get(0);
            assertThat(m.interval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(m.initialDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(m.failureLimit()).isZero();
            assertThat(m.consecutiveErrorLimit()).isEqualTo(4);
            assertThat(m.effectiveCount()).isNull();
            assertThat(m.providerConfig().get("query").asText()).isEqualTo("up{svc=\"a\\x22b\"}");
            assertThat(ready.plan().metrics().get(0).success().expression()).isEqualTo("result[0] >= 0.9");
        });
    }

    @Test
    void every_problem_of_every_metric_is_reported_when_the_run_starts() throws Exception {
        var s = spec("""
                {"metrics":[
                  {"name":"a","interval":"soon","successCondition":"result >=","provider":{"prometheus":{"query":"up"}}},
                  {"name":"a","count":3,"provider":{"web":{"url":"http://x/{{args.missing}}"},"prometheus":{"address":"http://p","query":"up"}}},
                  {"name":"c","failureLimit":-2,"provider":{"datadog":{"query":"q"}}},
                  {"name":"d","consecutiveSuccessLimit":-1,"provider":{"prometheus":{"address":"http://p","query":"up"}}},
                  {"name":"e","failureLimit":-1,"consecutiveSuccessLimit":0,"provider":{"prometheus":{"address":"http://p","query":"up"}}}]}
                """);
        RunPlan.Prepared p = plan(s, Map.of());
        assertThat(p).isInstanceOfSatisfying(RunPlan.Prepared.Invalid.class, i -> assertThat(i.violations())
                .anySatisfy(v -> assertThat(v).contains("metric 'a': interval 'soon' is not a duration"))
                .anySatisfy(v -> assertThat(v).contains("successCondition does not compile"))
                .anySatisfy(v -> assertThat(v).contains("prometheus: address is required"))
                .anySatisfy(v -> assertThat(v).contains("used by more than one metric"))
                .anySatisfy(v -> assertThat(v).contains("count 3 needs an interval"))
                .anySatisfy(v -> assertThat(v).contains("exactly one provider is required, found prometheus, web"))
                .anySatisfy(v -> assertThat(v).contains("failureLimit must be -1"))
                .anySatisfy(v -> assertThat(v).contains("provider 'datadog' is not available"))
                .anySatisfy(v -> assertThat(v).isEqualTo("metric 'd': consecutiveSuccessLimit must not be negative, got -1"))
                .anySatisfy(v -> assertThat(v).isEqualTo("metric 'e': failureLimit -1 needs a consecutiveSuccessLimit above 0,"
                        + " or nothing could decide the metric")));
    }

    @Test
    void a_plan_carries_consecutive_success_limit() throws Exception {
        var s = spec("""
                {"metrics":[{"name":"smoke","interval":"1m","count":10,"consecutiveSuccessLimit":3,
                  "provider":{"prometheus":{"address":"http://p:9090","query":"up"}}}]}
                """);
        assertThat(plan(s, Map.of())).isInstanceOfSatisfying(RunPlan.Prepared.Ready.class,
                ready -> assertThat(ready.plan().specs().get(0).consecutiveSuccessLimit()).isEqualTo(3));
    }

    @Test
    void a_retention_limit_above_fifty_keeps_fifty() throws Exception {
        var s = spec("""
                {"measurementRetention":[{"metricName":"*","limit":100000}],
                 "metrics":[{"name":"rate","provider":{"web":{"url":"http://x"}}}]}
                """);
        assertThat(plan(s, Map.of())).isInstanceOfSatisfying(RunPlan.Prepared.Ready.class,
                ready -> assertThat(ready.plan().metrics().get(0).retention()).isEqualTo(RunPlan.MAX_RETENTION).isEqualTo(50));
    }

    @Test
    void a_metric_named_in_the_run_level_dry_run_list_is_a_dry_run() throws Exception {
        var s = spec("""
                {"dryRun":[{"metricName":"*"}],"measurementRetention":[{"metricName":"rate","limit":3}],
                 "metrics":[{"name":"rate","provider":{"web":{"url":"http://x"}}}]}
                """);
        assertThat(plan(s, Map.of())).isInstanceOfSatisfying(RunPlan.Prepared.Ready.class, ready -> {
            assertThat(ready.plan().metrics().get(0).spec().dryRun()).isTrue();
            assertThat(ready.plan().metrics().get(0).retention()).isEqualTo(3);
        });
    }
}
