package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RunPhase;
import dev.sluice.controller.rollout.RolloutDefinition.MetricDef;
import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.MatchRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flagger-style {@code progression} as explicit steps, and Flagger's counting rule. Each weight is set and, once the
 * routers acknowledged it, checked: one check run per {@code interval} measures every check once (the built-ins one
 * interval after the check started, so the rate window covers only traffic at this weight). A passed check advances
 * the weight; a failed one holds it and counts: the rollout is rolled back when {@code failedChecks >= threshold}
 * (Flagger's {@code canary.Status.FailedChecks}, kept for the revision, never reset by a passing check).
 */
public final class Progression {
    public static final String SUCCESS_RATE = "request-success-rate";
    public static final String DURATION = "request-duration";
    public static final int DEFAULT_THRESHOLD = 5;
    /** The route name of Flagger's A/B {@code match} (removed at promotion and abort like Argo's managed routes). */
    public static final String AB_ROUTE = "ab-test";

    private Progression() {
    }

    /** The weights in order, capped by maxWeight (default 100), which is always the last weight. */
    public static List<Integer> weights(ProgressionDef p) {
        int max = p.maxWeight() == null ? 100 : p.maxWeight();
        List<Integer> weights = new ArrayList<>();
        if (p.stepWeights() != null && !p.stepWeights().isEmpty()) {
            p.stepWeights().stream().filter(w -> w < max).forEach(weights::add);
        } else {
            for (int w = p.stepWeight(); w < max; w += p.stepWeight()) {
                weights.add(w);
            }
        }
        weights.add(max);
        return weights;
    }

    /**
     * With {@code match} (A/B testing): the match route, then {@code iterations} checks, all at weight 0; after the
     * last the canary is promoted. Otherwise setWeight w, checks — for every weight; then, with {@code stepWeightPromotion}, setWeight in those steps up to
     * 100, each held for one interval without checks (Flagger promotes without analysis).
     */
    public static List<Step> steps(ProgressionDef p, Duration interval) {
        List<Step> steps = new ArrayList<>();
        Step.Checks checks = new Step.Checks(checks(p), interval, threshold(p), p.skipAnalysis());
        if (p.match() != null && !p.match().isEmpty()) {
            // Flagger's A/B testing: the match route, then one check per iteration at weight 0, then promotion
            steps.add(new Step.SetHeaderRoute(AB_ROUTE, new MatchRoute(AB_ROUTE, p.match())));
            for (int i = 0; i < p.iterations(); i++) {
                steps.add(checks);
            }
            return steps;
        }
        List<Integer> weights = weights(p);
        for (int w : weights) {
            steps.add(new Step.SetWeight(w));
            steps.add(checks);
        }
        Integer promotion = p.stepWeightPromotion();
        if (promotion != null && promotion > 0) {
            for (int w = weights.get(weights.size() - 1) + promotion; w < 100 + promotion; w += promotion) {
                steps.add(new Step.SetWeight(Math.min(w, 100)));
                steps.add(new Step.Pause(interval));
            }
        }
        return steps;
    }

    public static int threshold(ProgressionDef p) {
        return p.threshold() == null ? DEFAULT_THRESHOLD : p.threshold();
    }

    /**
     * What one check measures: each built-in once (its own interval, else the progression's, is both its rate window
     * and its delay), and the metrics of every {@code templateRef} check as the template declares them.
     */
    public static AnalysisSpec checks(ProgressionDef p) {
        List<AnalysisRequested.BuiltInMetric> builtIns = new ArrayList<>();
        List<AnalysisRequested.TemplateRef> templates = new ArrayList<>();
        for (MetricDef m : p.metrics() == null ? List.<MetricDef>of() : p.metrics()) {
            if (m.templateName() != null) {
                templates.add(new AnalysisRequested.TemplateRef(m.templateName(), m.clusterScope()));
            } else {
                builtIns.add(new AnalysisRequested.BuiltInMetric(m.name(), m.min(), m.max(),
                        m.interval() == null ? p.interval() : m.interval(), 0));
            }
        }
        return new AnalysisSpec(templates, List.of(), builtIns);
    }

    /** What a check's verdict does to the rollout. */
    public sealed interface CheckOutcome {
        int failedChecks();

        /** The check passed: the next weight. */
        record Advance(int failedChecks) implements CheckOutcome {
        }

        /** The check failed below the threshold: hold the weight and check again after an interval. */
        record Hold(int failedChecks) implements CheckOutcome {
        }

        /** The check failed and {@code failedChecks >= threshold}: roll back. */
        record RollBack(int failedChecks) implements CheckOutcome {
        }
    }

    /**
     * Flagger's rule: a check that is not Successful (Failed, Error, Inconclusive — no data fails the built-ins'
     * condition, so it counts too) adds one failed check; the rollout rolls back once {@code failedChecks >= threshold}.
     */
    public static CheckOutcome afterCheck(int failedBefore, int threshold, RunPhase verdict) {
        if (verdict == RunPhase.Successful) {
            return new CheckOutcome.Advance(failedBefore);
        }
        int failed = failedBefore + 1;
        return failed >= threshold ? new CheckOutcome.RollBack(failed) : new CheckOutcome.Hold(failed);
    }
}
