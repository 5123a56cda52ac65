package dev.sluice.lint;

import dev.sluice.hygiene.Rule;
import dev.sluice.hygiene.Rules;
import dev.sluice.hygiene.Severity;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the outputs say about a rule: the zero-downtime rules of the hygiene module, plus the lint's own checks of
 * Rollouts and AnalysisTemplates (the services' validation, and Rollout warnings that are valid but rarely meant).
 */
record LintRule(String id, Severity severity, String what, String why, String fix) {
    static final LintRule ROLLOUT_SPEC = new LintRule("rollout-spec", Severity.ERROR,
            "the Rollout passes the controller's own validation",
            "The controller does not act on an invalid Rollout: it sets the InvalidSpec condition with these violations and waits.",
            "# change the fields the message names, as it says");
    static final LintRule ANALYSIS_TEMPLATE = new LintRule("analysis-template", Severity.ERROR,
            "the AnalysisTemplate passes analysis-svc's own validation (metrics, durations, CEL conditions, provider blocks)",
            "analysis-svc fails every AnalysisRun of a template it cannot plan, so each rollout using it aborts at its analysis.",
            "# change the fields the message names, as it says");
    static final LintRule STEP_NEVER_COMPLETES = new LintRule("analysis-step-never-completes", Severity.WARNING,
            "an inline analysis step's metrics end (count set, or no interval)",
            "A metric with an interval and no count measures until it fails, so the step waits there until a failure or a "
                    + "promote; that is right for background analysis, rarely for a step.",
            """
            metrics:
            - name: success-rate
              interval: 1m
              count: 5            # or move the analysis to strategy.canary.analysis (background)
            """.strip());
    static final LintRule WEIGHT_BELOW_ONE_POD = new LintRule("weight-below-one-pod", Severity.WARNING,
            "without trafficRouting, each setWeight is at least one pod's share of the replicas",
            "Without a router the weight is the ratio of pods, so a weight below one pod's share still sends one pod's share "
                    + "of the traffic (e.g. setWeight 5 at 3 replicas is 33%).",
            """
            strategy:
              canary:
                trafficRouting: {nginx: {stableIngress: web}}   # or more replicas, or weights of whole pods
            """.strip());
    static final List<LintRule> OWN = List.of(ROLLOUT_SPEC, ANALYSIS_TEMPLATE, STEP_NEVER_COMPLETES, WEIGHT_BELOW_ONE_POD);

    static LintRule of(Rule rule) {
        return new LintRule(rule.id(), rule.severity(), rule.what(), rule.why(), rule.fix());
    }

    static List<LintRule> all() {
        return Stream.concat(Rules.ALL.stream().map(LintRule::of), OWN.stream()).toList();
    }

    static Optional<LintRule> byId(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
