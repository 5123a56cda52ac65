package dev.sluice.hygiene;

import java.util.List;

/**
 * One zero-downtime rule: pure, stateless, one class per rule under {@code rules/}. It sees one workload with the
 * PodDisruptionBudgets, HorizontalPodAutoscaler and Services around it and returns every finding.
 */
public interface Rule {
    /** Stable kebab-case id, as the ignore annotation, the lint's output and the admission policies name it. */
    String id();

    Severity severity();

    /** What the rule checks, in a few words (the README's rule table). */
    String what();

    /** Why it matters for zero downtime, in one sentence. */
    String why();

    /** The fix, as a YAML snippet of the fields to set. */
    String fix();

    List<Finding> check(Subject subject);

    /** A finding of this rule about the subject's workload. */
    default Finding finding(Subject subject, String field, String message) {
        return finding(subject.workload(), field, message);
    }

    /** A finding of this rule about another object (a PodDisruptionBudget or an HPA around the workload). */
    default Finding finding(Manifest object, String field, String message) {
        return new Finding(id(), severity(), object.file(), object.describe(), field, message);
    }
}
