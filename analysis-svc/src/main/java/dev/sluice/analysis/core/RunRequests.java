package dev.sluice.analysis.core;

import dev.sluice.analysis.provider.prometheus.BuiltInMetrics;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.events.AnalysisRequested;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@code analysis.requested} event into the AnalysisRun to create: templates found and merged, built-ins
 * generated. Pure: the templates come through {@link Templates} (read from Kubernetes by the wiring).
 */
public final class RunRequests {
    /** The labels every AnalysisRun carries: its rollout's name and revision. */
    public static final String ROLLOUT_LABEL = "sluice.dev/rollout";
    public static final String REVISION_LABEL = "sluice.dev/revision";

    private RunRequests() {
    }

    /** Where the templates a request names are found: empty when there is no such template. */
    @FunctionalInterface
    public interface Templates {
        Optional<AnalysisTemplateSpec> find(String namespace, String name, boolean clusterScope);
    }

    /** The run to create, and the problems that make it an Error from the start (empty when none). */
    public record Built(AnalysisRun run, List<String> violations) {
    }

    public static Built build(AnalysisRequested req, Templates templates, Optional<String> prometheusAddress) {
        String namespace = namespaceOf(req.rolloutId());
        String rolloutName = nameOf(req.rolloutId());
        List<String> violations = new ArrayList<>();
        List<TemplateMerge.Found> found = new ArrayList<>();
        for (AnalysisRequested.TemplateRef ref : req.templates()) {
            find(templates, namespace, ref.templateName(), ref.clusterScope(), found, violations);
        }
        List<dev.sluice.api.analysis.Metric> builtIns = List.of();
        if (req.builtInMetrics() != null && !req.builtInMetrics().isEmpty()) {
            List<BuiltInMetrics.Check> checks = req.builtInMetrics().stream()
                    .map(b -> new BuiltInMetrics.Check(b.name(), b.thresholdMin(), b.thresholdMax(), b.interval(), b.failureLimit()))
                    .toList();
            BuiltInMetrics.Generated g = BuiltInMetrics.generate(checks, req.metricsProvider(),
                    new BuiltInMetrics.Target(namespace, req.canaryService(), req.canaryHash()), prometheusAddress.orElse(null));
            if (g instanceof BuiltInMetrics.Generated.Invalid invalid) {
                violations.addAll(invalid.violations());
            } else {
                builtIns = ((BuiltInMetrics.Generated.Metrics) g).metrics();
            }
        }
        List<Argument> rolloutArgs = new ArrayList<>();
        if (req.args() != null) {
            for (AnalysisRequested.Arg a : req.args()) {
                rolloutArgs.add(new Argument(a.name(), a.value(), a.secretKeyRef() == null ? null
                        : new Argument.ValueFrom(new Argument.SecretKeyRef(a.secretKeyRef().name(), a.secretKeyRef().key()))));
            }
        }
        AnalysisRunSpec spec = new AnalysisRunSpec();
        if (violations.isEmpty() || !found.isEmpty() || !builtIns.isEmpty()) {
            TemplateMerge.Result merged = TemplateMerge.merge(found, rolloutArgs, builtIns);
            if (merged instanceof TemplateMerge.Result.Invalid invalid) {
                if (violations.isEmpty()) {
                    violations.addAll(invalid.violations());
                }
            } else {
                TemplateMerge.Merged m = ((TemplateMerge.Result.Ok) merged).merged();
                spec.args = new ArrayList<>(m.args());
                spec.metrics = new ArrayList<>(m.metrics());
                spec.dryRun = m.dryRun();
                spec.measurementRetention = m.measurementRetention();
            }
        }
        spec.rollout = req.rolloutId();
        spec.rolloutUid = req.rolloutUid();
        spec.revision = req.revision();
        spec.stepIndex = req.stepIndex();
        spec.requestSequence = req.sequence();
        spec.requestedAt = req.time() == null ? null : req.time().toString();
        spec.kind = req.kind().name();
        AnalysisRun run = new AnalysisRun();
        run.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(req.runName())
                .withLabels(Map.of(ROLLOUT_LABEL, dev.sluice.api.values.LabelValues.of(rolloutName), REVISION_LABEL, req.revision()))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("sluice.dev/v1alpha1")
                        .withKind("Rollout")
                        .withName(rolloutName)
                        .withUid(req.rolloutUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .build());
        run.setSpec(spec);
        return new Built(run, violations);
    }

    /** Looks a template up: adds it to {@code found}, or a violation naming it to {@code violations}. */
    public static void find(Templates templates, String namespace, String name, boolean clusterScope, List<TemplateMerge.Found> found,
            List<String> violations) {
        String kind = clusterScope ? "ClusterAnalysisTemplate" : "AnalysisTemplate";
        Optional<AnalysisTemplateSpec> spec = templates.find(namespace, name, clusterScope);
        if (spec.isEmpty()) {
            violations.add(kind + " " + (clusterScope ? "" : namespace + "/") + name + " not found");
        } else {
            found.add(new TemplateMerge.Found(kind, name, spec.get()));
        }
    }

    public static String namespaceOf(String rolloutId) {
        int slash = rolloutId.indexOf('/');
        return slash < 0 ? "default" : rolloutId.substring(0, slash);
    }

    public static String nameOf(String rolloutId) {
        int slash = rolloutId.indexOf('/');
        return slash < 0 ? rolloutId : rolloutId.substring(slash + 1);
    }
}
