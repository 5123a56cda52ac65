package dev.sluice.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the zero-downtime rules over a set of manifests: finds the workloads (Deployments, StatefulSets, Rollouts),
 * pairs each with the PodDisruptionBudgets, HorizontalPodAutoscaler and Services around it, runs every rule and drops
 * what the {@value #IGNORE_ANNOTATION} annotation turns off. Pure: manifests in, findings out.
 */
public final class Hygiene {
    /** Rule ids to skip for an object, comma- or space-separated: {@code lint.sluice.dev/ignore: image-tag,spread}. */
    public static final String IGNORE_ANNOTATION = "lint.sluice.dev/ignore";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "Rollout");

    private Hygiene() {
    }

    /** Every finding of every rule, ignores applied, ordered by file, object and rule. */
    public static List<Finding> check(List<Manifest> manifests) {
        List<Finding> findings = new ArrayList<>();
        for (Subject subject : subjects(manifests)) {
            findings.addAll(check(subject));
        }
        findings.sort(Finding.ORDER);
        return findings;
    }

    /** Every rule's findings for one workload, without the ones its (or the reported object's) annotation ignores. */
    public static List<Finding> check(Subject subject) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : Rules.ALL) {
            for (Finding f : rule.check(subject)) {
                if (!ignored(subject, f)) {
                    findings.add(f);
                }
            }
        }
        return findings;
    }

    /** The workloads among the manifests, each with what surrounds it. */
    public static List<Subject> subjects(List<Manifest> manifests) {
        Set<String> referenced = new HashSet<>();
        for (Manifest m : manifests) {
            JsonNode ref = m.object().path("spec").path("workloadRef");
            if (m.kind().equals("Rollout") && ref.hasNonNull("name")) {
                referenced.add(m.namespace() + "/" + ref.path("name").asText());
            }
        }
        List<Subject> subjects = new ArrayList<>();
        for (Manifest m : manifests) {
            if (!WORKLOAD_KINDS.contains(m.kind())
                    || m.kind().equals("Deployment") && referenced.contains(m.namespace() + "/" + m.name())) {
                continue;
            }
            template(m, manifests).ifPresent(t -> subjects.add(subject(m, t, manifests)));
        }
        return subjects;
    }

    /** One workload with its pod template and the objects around it (from the same list, same namespace). */
    public static Subject subject(Manifest workload, JsonNode template, List<Manifest> around) {
        var labels = Subject.strings(template.path("metadata").path("labels"));
        List<Manifest> budgets = around.stream()
                .filter(o -> o.kind().equals("PodDisruptionBudget") && o.sameNamespace(workload))
                .filter(o -> Selectors.selects(o.object().path("spec").path("selector"), labels))
                .toList();
        Optional<Manifest> hpa = around.stream()
                .filter(o -> o.kind().equals("HorizontalPodAutoscaler") && o.sameNamespace(workload))
                .filter(o -> o.object().path("spec").path("scaleTargetRef").path("kind").asText().equals(workload.kind())
                        && o.object().path("spec").path("scaleTargetRef").path("name").asText().equals(workload.name()))
                .findFirst();
        boolean service = around.stream()
                .filter(o -> o.kind().equals("Service") && o.sameNamespace(workload))
                .map(o -> o.object().path("spec").path("selector"))
                .anyMatch(s -> s.size() > 0 && Selectors.matches(s, labels));
        return new Subject(workload, template, budgets, hpa, service);
    }

    /** {@code spec.template}, or for a Rollout with a workloadRef the template of that Deployment when it is in the list. */
    private static Optional<JsonNode> template(Manifest m, List<Manifest> manifests) {
        JsonNode template = m.object().path("spec").path("template");
        if (template.isObject()) {
            return Optional.of(template);
        }
        JsonNode ref = m.object().path("spec").path("workloadRef");
        return manifests.stream()
                .filter(o -> o.kind().equals(ref.path("kind").asText("Deployment")) && o.sameNamespace(m)
                        && o.name().equals(ref.path("name").asText()))
                .map(o -> o.object().path("spec").path("template"))
                .filter(JsonNode::isObject)
                .findFirst();
    }

    /** The rule ids an object's annotation turns off. */
    public static Set<String> ignoredRules(Manifest object) {
        String value = object.annotation(IGNORE_ANNOTATION);
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    private static boolean ignored(Subject subject, Finding f) {
        if (ignoredRules(subject.workload()).contains(f.rule())) {
            return true;
        }
        List<Manifest> around = new ArrayList<>(subject.budgets());
        subject.autoscaler().ifPresent(around::add);
        return around.stream().anyMatch(o -> o.describe().equals(f.object()) && ignoredRules(o).contains(f.rule()));
    }
}
