package dev.sluice.lint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.cloudwatch.CloudWatchConfig;
import dev.sluice.analysis.provider.datadog.DatadogProvider;
import dev.sluice.analysis.provider.event.CheckRegistry;
import dev.sluice.analysis.provider.event.EventProvider;
import dev.sluice.analysis.provider.graphite.GraphiteProvider;
import dev.sluice.analysis.provider.influxdb.InfluxProvider;
import dev.sluice.analysis.provider.job.JobConfig;
import dev.sluice.analysis.provider.newrelic.NewRelicProvider;
import dev.sluice.analysis.provider.prometheus.PrometheusProvider;
import dev.sluice.analysis.provider.wavefront.WavefrontProvider;
import dev.sluice.analysis.provider.web.WebProvider;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.TemplateMerge;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.reconcile.OfflineValidation;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Rollouts and AnalysisTemplates of the input, validated offline by the services' own code: a Rollout as the
 * controller's reconciler validates it ({@link OfflineValidation}: every {@code InvalidSpec} violation), an
 * AnalysisTemplate as analysis-svc plans a run of it ({@link TemplateMerge}, {@link RunPlan} with the real metric
 * providers and the CEL condition compiler), and each Rollout's analyses merged with the templates of the input that
 * they name, with the Rollout's args. Plus Rollout warnings that are valid but rarely meant ({@link RolloutAdvice}).
 */
final class SpecChecks {
    static final String GROUP = "sluice.dev/";
    /** The value given to an arg the Rollout supplies at run time (or a Secret holds) when a template is checked alone. */
    static final String PLACEHOLDER = "0";
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Map<String, MetricProvider> PROVIDERS = providers();
    private static final ConditionCompiler COMPILER = new ConditionCompiler();

    private SpecChecks() {
    }

    static List<Finding> check(List<Manifest> manifests) {
        List<Finding> found = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!m.apiVersion().startsWith(GROUP)) {
                continue;
            }
            switch (m.kind()) {
                case "Rollout" -> {
                    rollout(m, found);
                    found.addAll(RolloutAdvice.check(m, manifests));
                    rolloutAnalyses(m, manifests, found);
                }
                case "AnalysisTemplate", "ClusterAnalysisTemplate" -> template(m, found);
                default -> {
                }
            }
        }
        return found;
    }

    private static void rollout(Manifest m, List<Finding> found) {
        Rollout rollout;
        try {
            rollout = JSON.treeToValue(m.object(), Rollout.class);
        } catch (Exception e) {
            found.add(finding(LintRule.ROLLOUT_SPEC, m, "spec", "cannot be read as a Rollout: " + firstLine(e)));
            return;
        }
        for (String violation : OfflineValidation.violations(rollout)) {
            found.add(finding(LintRule.ROLLOUT_SPEC, m, field(violation), violation));
        }
    }

    private static void template(Manifest m, List<Finding> found) {
        Optional<AnalysisTemplateSpec> spec = spec(m, found);
        if (spec.isEmpty()) {
            return;
        }
        // alone, a template's args without a default are the Rollout's to give
        List<Argument> given = new ArrayList<>();
        if (spec.get().args != null) {
            spec.get().args.stream().filter(a -> a.name != null && a.value == null && a.valueFrom == null)
                    .forEach(a -> given.add(new Argument(a.name, PLACEHOLDER, null)));
        }
        Set<String> unset = given.stream().map(a -> a.name).collect(Collectors.toSet());
        for (String violation : plan(List.of(new TemplateMerge.Found(m.kind(), m.name(), spec.get())), given, unset)) {
            found.add(finding(LintRule.ANALYSIS_TEMPLATE, m, "spec", violation));
        }
    }

    /** Each analysis of the Rollout whose templates are all in the input, merged and planned with the Rollout's args. */
    private static void rolloutAnalyses(Manifest m, List<Manifest> manifests, List<Finding> found) {
        for (Map.Entry<String, JsonNode> analysis : RolloutAdvice.analyses(m).entrySet()) {
            List<TemplateMerge.Found> templates = new ArrayList<>();
            for (JsonNode ref : analysis.getValue().path("templates")) {
                Optional<Manifest> template = RolloutAdvice.template(m, ref, manifests);
                if (template.isEmpty()) {
                    templates = null; // a template outside the input: the merge cannot be judged
                    break;
                }
                Optional<AnalysisTemplateSpec> spec = spec(template.get(), new ArrayList<>());
                if (spec.isEmpty()) {
                    templates = null;
                    break;
                }
                templates.add(new TemplateMerge.Found(template.get().kind(), template.get().name(), spec.get()));
            }
            if (templates == null || templates.isEmpty()) {
                continue;
            }
            List<Argument> args = new ArrayList<>();
            Set<String> fromRollout = new TreeSet<>();
            for (JsonNode a : analysis.getValue().path("args")) {
                Argument arg = JSON.convertValue(a, Argument.class);
                // fieldRef and podTemplateHashValue args get their value from the controller when it requests the run
                if (arg.value == null && arg.valueFrom != null
                        && (arg.valueFrom.fieldRef != null || arg.valueFrom.podTemplateHashValue != null)) {
                    arg = new Argument(arg.name, PLACEHOLDER, null);
                    fromRollout.add(arg.name);
                }
                args.add(arg);
            }
            for (String violation : plan(templates, args, fromRollout)) {
                found.add(finding(LintRule.ANALYSIS_TEMPLATE, m, analysis.getKey(), violation));
            }
        }
    }

    /**
     * What analysis-svc reports when it starts a run of these templates with these args. Secrets are not read: their
     * args, like the {@code unset} ones, get {@link #PLACEHOLDER}, and a provider block built from them is not judged.
     */
    static List<String> plan(List<TemplateMerge.Found> templates, List<Argument> args, Set<String> unset) {
        TemplateMerge.Result merged = TemplateMerge.merge(templates, args, List.of());
        if (merged instanceof TemplateMerge.Result.Invalid invalid) {
            return invalid.violations();
        }
        TemplateMerge.Merged run = ((TemplateMerge.Result.Ok) merged).merged();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> placeholders = new TreeSet<>(unset);
        for (Argument a : run.args()) {
            values.put(a.name, a.value != null ? a.value : PLACEHOLDER);
            if (a.value == null) {
                placeholders.add(a.name);
            }
        }
        RunPlan.Prepared prepared = RunPlan.prepare(run.metrics(), run.dryRun(), run.measurementRetention(), values,
                type -> Optional.ofNullable(PROVIDERS.get(type)), COMPILER);
        if (!(prepared instanceof RunPlan.Prepared.Invalid invalid)) {
            return List.of();
        }
        // a provider block built from an arg only the Rollout (or a Secret) gives cannot be judged here
        Set<String> unjudged = run.metrics().stream()
                .filter(metric -> placeholders.stream().anyMatch(a -> JSON.valueToTree(metric.provider).toString()
                        .matches("(?s).*\\{\\{\\s*args\\." + java.util.regex.Pattern.quote(a) + "\\s*}}.*")))
                .map(metric -> "metric '" + metric.name + "': ")
                .collect(Collectors.toSet());
        return invalid.violations().stream()
                .filter(v -> unjudged.stream().noneMatch(prefix -> v.startsWith(prefix) && PROVIDERS.keySet().stream()
                        .anyMatch(type -> v.startsWith(prefix + type + ": "))))
                .toList();
    }

    private static Optional<AnalysisTemplateSpec> spec(Manifest m, List<Finding> found) {
        try {
            return Optional.of(JSON.treeToValue(m.object().path("spec"), AnalysisTemplateSpec.class));
        } catch (Exception e) {
            found.add(finding(LintRule.ANALYSIS_TEMPLATE, m, "spec", "cannot be read as an " + m.kind() + ": " + firstLine(e)));
            return Optional.empty();
        }
    }

    private static Map<String, MetricProvider> providers() {
        Map<String, MetricProvider> byType = new LinkedHashMap<>();
        List<MetricProvider> all = List.of(new PrometheusProvider(), new WebProvider(), new DatadogProvider(), new NewRelicProvider(),
                new WavefrontProvider(), new InfluxProvider(), new GraphiteProvider(), new CloudWatchValidation(),
                new EventProvider(new CheckRegistry()), new JobValidation());
        all.forEach(p -> byType.put(p.type(), p));
        return byType;
    }

    /**
     * The cloudWatch provider's validation ({@code CloudWatchProvider.validate} is {@link CloudWatchConfig#problems})
     * without the provider itself, whose class builds an AWS HTTP client when it loads.
     */
    private static final class CloudWatchValidation implements MetricProvider {
        @Override
        public String type() {
            return "cloudWatch";
        }

        @Override
        public List<String> validate(JsonNode config) {
            return CloudWatchConfig.problems(config);
        }

        @Override
        public ProviderResult measure(MeasurementRequest request) {
            throw new UnsupportedOperationException("the lint never measures");
        }
    }

    /** The job provider's validation ({@link JobConfig#problems}) without the provider, which needs a Kubernetes client. */
    private static final class JobValidation implements MetricProvider {
        @Override
        public String type() {
            return "job";
        }

        @Override
        public List<String> validate(JsonNode config) {
            return JobConfig.problems(config);
        }

        @Override
        public ProviderResult measure(MeasurementRequest request) {
            throw new UnsupportedOperationException("the lint never measures");
        }
    }

    /** A finding of the lint's own rules; a violation of several lines (a CEL compile error with its caret) keeps its first. */
    static Finding finding(LintRule rule, Manifest m, String field, String message) {
        return new Finding(rule.id(), rule.severity(), m.file(), m.describe(), field, message.lines().findFirst().orElse(message));
    }

    /** The field a violation sentence starts with ({@code spec.strategy.canary.steps[0]} ...), else {@code spec}. */
    private static String field(String violation) {
        String first = violation.split(" ", 2)[0];
        return first.startsWith("spec") ? first : "spec";
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
