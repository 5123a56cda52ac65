package dev.sluice.analysis.core;

import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.api.analysis.DryRun;
import dev.sluice.api.analysis.MeasurementRetention;
import dev.sluice.api.analysis.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Merges the templates a request names into one run spec, as Argo does: metrics, dry-run and retention
 * entries are concatenated; args are merged by name, a template default is overridden by the rollout's
 * value, and two templates giving one arg different defaults is an error. Secret args stay references here;
 * {@link #resolveArgs} reads them when a run is planned, in memory only.
 */
public final class TemplateMerge {
    private TemplateMerge() {
    }

    /** A template as found: its kind and name for messages, and its spec. */
    public record Found(String kind, String name, AnalysisTemplateSpec spec) {
    }

    /** The merged spec a run is created from. */
    public record Merged(List<Argument> args, List<Metric> metrics, List<DryRun> dryRun,
            List<MeasurementRetention> measurementRetention) {
    }

    public sealed interface Result {
        record Ok(Merged merged) implements Result {
        }

        record Invalid(List<String> violations) implements Result {
        }
    }

    /**
     * @param rolloutArgs the rollout's args: name to either a literal value or a secret reference
     */
    public static Result merge(List<Found> templates, List<Argument> rolloutArgs, List<Metric> extraMetrics) {
        List<String> violations = new ArrayList<>();
        Map<String, Argument> args = new LinkedHashMap<>();
        Map<String, String> argOrigin = new LinkedHashMap<>();
        List<Metric> metrics = new ArrayList<>();
        List<DryRun> dryRun = new ArrayList<>();
        List<MeasurementRetention> retention = new ArrayList<>();
        for (Found t : templates) {
            AnalysisTemplateSpec spec = t.spec() == null ? new AnalysisTemplateSpec() : t.spec();
            String where = t.kind() + " " + t.name();
            for (Argument a : spec.args == null ? List.<Argument>of() : spec.args) {
                if (a == null || a.name == null || a.name.isBlank()) {
                    violations.add(where + ": an arg has no name");
                    continue;
                }
                Argument previous = args.get(a.name);
                if (previous == null || !hasValue(previous)) {
                    args.put(a.name, a);
                    argOrigin.put(a.name, where);
                } else if (hasValue(a) && !sameValue(previous, a)) {
                    violations.add("arg '" + a.name + "' has different defaults in " + argOrigin.get(a.name) + " and " + where);
                }
            }
            if (spec.metrics != null) {
                metrics.addAll(spec.metrics);
            }
            if (spec.dryRun != null) {
                dryRun.addAll(spec.dryRun);
            }
            if (spec.measurementRetention != null) {
                retention.addAll(spec.measurementRetention);
            }
        }
        if (extraMetrics != null) {
            metrics.addAll(extraMetrics);
        }
        for (Argument a : rolloutArgs == null ? List.<Argument>of() : rolloutArgs) {
            args.put(a.name, a);
        }
        args.forEach((name, a) -> {
            if (!hasValue(a)) {
                violations.add("arg '" + name + "' has no value: the rollout must give it (or the template a default)");
            }
        });
        if (metrics.isEmpty()) {
            violations.add("the templates define no metrics");
        }
        return violations.isEmpty()
                ? new Result.Ok(new Merged(List.copyOf(args.values()), metrics, dryRun.isEmpty() ? null : dryRun,
                        retention.isEmpty() ? null : retention))
                : new Result.Invalid(violations);
    }

    /** Every arg's value; secret values are read here and live in memory only. Missing secrets are listed by name and key, never by value. */
    public static Map<String, String> resolveArgs(List<Argument> args, String namespace, SecretReader secrets,
            List<String> violations) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Argument a : args) {
            if (a == null || a.name == null) {
                continue; // merging reported it
            }
            if (a.value != null) {
                values.put(a.name, a.value);
            } else if (a.valueFrom != null && a.valueFrom.secretKeyRef != null) {
                var ref = a.valueFrom.secretKeyRef;
                Optional<String> secret;
                try {
                    secret = secrets.read(namespace, ref.name, ref.key);
                } catch (RuntimeException e) {
                    violations.add("arg '" + a.name + "': cannot read Secret " + namespace + "/" + ref.name + ": "
                            + e.getClass().getSimpleName());
                    continue;
                }
                if (secret.isEmpty()) {
                    violations.add("arg '" + a.name + "': Secret " + namespace + "/" + ref.name + " has no key '" + ref.key + "'");
                } else {
                    values.put(a.name, secret.get());
                }
            }
        }
        return values;
    }

    private static boolean hasValue(Argument a) {
        return a.value != null || a.valueFrom != null && a.valueFrom.secretKeyRef != null;
    }

    private static boolean sameValue(Argument x, Argument y) {
        if (x.value != null || y.value != null) {
            return Objects.equals(x.value, y.value);
        }
        return Objects.equals(x.valueFrom.secretKeyRef.name, y.valueFrom.secretKeyRef.name)
                && Objects.equals(x.valueFrom.secretKeyRef.key, y.valueFrom.secretKeyRef.key);
    }
}
