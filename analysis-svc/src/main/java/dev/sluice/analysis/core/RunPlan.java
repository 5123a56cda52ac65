package dev.sluice.analysis.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.api.analysis.DryRun;
import dev.sluice.api.analysis.MeasurementRetention;
import dev.sluice.api.analysis.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A run ready to measure: every metric resolved (args substituted, durations parsed, defaults applied),
 * its conditions compiled and its provider block validated by its provider. Built when the run starts, so a
 * condition that does not compile or a provider block that cannot work is an error on the run at once, not
 * at the first measurement. Every problem is reported, not only the first.
 */
public record RunPlan(List<PlannedMetric> metrics) {

    /** A metric with its compiled conditions (null when absent) and its provider. */
    public record PlannedMetric(MetricSpec spec, Condition success, Condition failure, MetricProvider provider,
            int retention) {
    }

    public sealed interface Prepared {
        record Ready(RunPlan plan) implements Prepared {
        }

        record Invalid(List<String> violations) implements Prepared {
        }
    }

    public List<MetricSpec> specs() {
        return metrics.stream().map(PlannedMetric::spec).toList();
    }

    public Optional<PlannedMetric> metric(String name) {
        return metrics.stream().filter(m -> m.spec().name().equals(name)).findFirst();
    }

    /**
     * @param args every argument's value (literal or read from its Secret); values stay in memory only
     * @param providers the provider for a type, if one is registered
     */
    public static Prepared prepare(List<Metric> metrics, List<DryRun> dryRun, List<MeasurementRetention> retention,
            Map<String, String> args, Function<String, Optional<MetricProvider>> providers, ConditionCompiler compiler) {
        List<String> violations = new ArrayList<>();
        List<PlannedMetric> planned = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (metrics == null || metrics.isEmpty()) {
            violations.add("the run has no metrics");
        }
        Set<String> dryRunNames = new HashSet<>();
        if (dryRun != null) {
            dryRun.stream().filter(java.util.Objects::nonNull).forEach(d -> dryRunNames.add(d.metricName));
        }
        for (int i = 0; metrics != null && i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            if (m == null) {
                violations.add("metrics[" + i + "] is empty");
                continue;
            }
            String label = m.name == null || m.name.isBlank() ? "metrics[" + i + "]" : "metric '" + m.name + "'";
            int before = violations.size();
            if (m.name == null || m.name.isBlank()) {
                violations.add(label + ": name is required");
            } else if (!names.add(m.name)) {
                violations.add(label + ": the name is used by more than one metric (templates merged into one run must not repeat metric names)");
            }
            Set<String> missing = new TreeSet<>();
            Duration interval = duration(label, "interval", Args.substitute(m.interval, args, v -> v, missing), violations);
            Duration initialDelay = duration(label, "initialDelay", Args.substitute(m.initialDelay, args, v -> v, missing),
                    violations);
            if (m.count != null && m.count < 0) {
                violations.add(label + ": count must not be negative, got " + m.count);
            }
            if (m.count != null && m.count > 1 && interval == null) {
                violations.add(label + ": count " + m.count + " needs an interval between measurements");
            }
            if (m.failureLimit != null && m.failureLimit < -1) {
                violations.add(label + ": failureLimit must be -1 (off) or more, got " + m.failureLimit);
            }
            if (m.inconclusiveLimit != null && m.inconclusiveLimit < -1) {
                violations.add(label + ": inconclusiveLimit must be -1 (off) or more, got " + m.inconclusiveLimit);
            }
            if (m.consecutiveSuccessLimit != null && m.consecutiveSuccessLimit < 0) {
                violations.add(label + ": consecutiveSuccessLimit must not be negative, got " + m.consecutiveSuccessLimit);
            }
            if (m.consecutiveSuccessLimit != null && m.consecutiveSuccessLimit == 0 && m.failureLimit != null && m.failureLimit < 0) {
                violations.add(label + ": failureLimit -1 needs a consecutiveSuccessLimit above 0, or nothing could decide the metric");
            }
            if (m.consecutiveErrorLimit != null && m.consecutiveErrorLimit < 0) {
                violations.add(label + ": consecutiveErrorLimit must not be negative, got " + m.consecutiveErrorLimit);
            }
            Condition success = condition(label, "successCondition", Args.substitute(m.successCondition, args, v -> v, missing),
                    compiler, violations);
            Condition failure = condition(label, "failureCondition", Args.substitute(m.failureCondition, args, v -> v, missing),
                    compiler, violations);
            String type = null;
            JsonNode config = null;
            MetricProvider provider = null;
            Map<String, JsonNode> configured = m.provider == null ? Map.of() : m.provider.configured();
            if (configured.size() != 1) {
                violations.add(label + ": exactly one provider is required, found "
                        + (configured.isEmpty() ? "none" : String.join(", ", configured.keySet())));
            } else {
                type = configured.keySet().iterator().next();
                provider = providers.apply(type).orElse(null);
                if (provider == null) {
                    violations.add(label + ": provider '" + type + "' is not available in this analysis-svc");
                } else {
                    MetricProvider p = provider;
                    config = Args.substitute(configured.get(type), args, p::escapeArg, missing);
                    for (String problem : safeValidate(p, config)) {
                        violations.add(label + ": " + type + ": " + problem);
                    }
                }
            }
            for (String name : missing) {
                violations.add(label + ": {{args." + name + "}} has no value (not in the templates' args nor the rollout's)");
            }
            if (violations.size() > before) {
                continue;
            }
            String successCondition = m.successCondition;
            if (success == null && failure == null && provider.defaultSuccessCondition() != null) {
                successCondition = provider.defaultSuccessCondition();
                success = condition(label, "successCondition", successCondition, compiler, violations);
            }
            boolean dry = Boolean.TRUE.equals(m.dryRun) || dryRunNames.contains(m.name) || dryRunNames.contains("*");
            MetricSpec spec = new MetricSpec(m.name, interval, initialDelay, m.count, successCondition, m.failureCondition,
                    m.failureLimit == null ? MetricSpec.DEFAULT_FAILURE_LIMIT : m.failureLimit,
                    m.inconclusiveLimit == null ? MetricSpec.DEFAULT_INCONCLUSIVE_LIMIT : m.inconclusiveLimit,
                    m.consecutiveErrorLimit == null ? MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT : m.consecutiveErrorLimit,
                    dry, type, config, m.consecutiveSuccessLimit == null ? 0 : m.consecutiveSuccessLimit);
            planned.add(new PlannedMetric(spec, success, failure, provider, retentionOf(m.name, retention)));
        }
        if (retention != null) {
            for (MeasurementRetention r : retention) {
                if (r == null) {
                    violations.add("measurementRetention has an empty entry");
                } else if (r.limit < 1) {
                    violations.add("measurementRetention for '" + r.metricName + "': limit must be at least 1, got " + r.limit);
                }
            }
        }
        return violations.isEmpty() ? new Prepared.Ready(new RunPlan(planned))
                : new Prepared.Invalid(List.copyOf(new LinkedHashSet<>(violations)));
    }

    /**
     * The most measurements kept per metric: a larger {@code measurementRetention} limit counts as this many (each
     * value and message is at most 4 KiB, and an AnalysisRun must stay well under the API server's object size).
     */
    public static final int MAX_RETENTION = 50;

    private static int retentionOf(String name, List<MeasurementRetention> retention) {
        if (retention == null) {
            return MetricProgress.DEFAULT_RETENTION;
        }
        return retention.stream().filter(r -> r != null && name.equals(r.metricName)).findFirst()
                .or(() -> retention.stream().filter(r -> r != null && "*".equals(r.metricName)).findFirst())
                .map(r -> Math.min(MAX_RETENTION, Math.max(1, r.limit))).orElse(MetricProgress.DEFAULT_RETENTION);
    }

    private static List<String> safeValidate(MetricProvider provider, JsonNode config) {
        try {
            return provider.validate(config);
        } catch (RuntimeException e) {
            return List.of("cannot be validated: " + e.getMessage());
        }
    }

    private static Duration duration(String label, String field, String text, List<String> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Duration d = GoDuration.parse(text);
        if (d == null) {
            violations.add(label + ": " + field + " " + GoDuration.problem(text));
        } else if (field.equals("interval") && d.isZero()) {
            violations.add(label + ": interval must be more than 0");
            return null;
        }
        return d;
    }

    private static Condition condition(String label, String field, String expression, ConditionCompiler compiler,
            List<String> violations) {
        if (expression == null || expression.isBlank()) {
            return null;
        }
        ConditionCompiler.Compiled compiled = compiler.compile(expression);
        if (compiled instanceof ConditionCompiler.Compiled.Invalid invalid) {
            violations.add(label + ": " + field + " does not compile: " + invalid.error());
            return null;
        }
        return ((ConditionCompiler.Compiled.Ok) compiled).condition();
    }
}
