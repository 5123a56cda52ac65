package dev.sluice.analysis.core;

import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.MeasurementPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates every metric of a plan once, now: what a person runs to debug a template before using it. Each
 * metric is measured once and judged with its conditions and limits as if its {@code count} were 1; the
 * outcome shows each provider value, each condition's result and the verdict a run would reach.
 */
public final class SingleEvaluation {
    private SingleEvaluation() {
    }

    public record MetricOutcome(String name, String provider, MeasurementPhase phase, String value, String message,
            String successCondition, Boolean successHolds, String failureCondition, Boolean failureHolds, boolean dryRun) {
    }

    public record Outcome(AnalysisPhase phase, String metricName, String value, String message, List<MetricOutcome> metrics) {
    }

    public static Outcome evaluate(RunPlan plan, Function<RunPlan.PlannedMetric, ProviderResult> measure, Instant now) {
        List<MetricOutcome> outcomes = new ArrayList<>();
        List<MetricSpec> once = new ArrayList<>();
        Map<String, MetricProgress> progress = new LinkedHashMap<>();
        for (RunPlan.PlannedMetric m : plan.metrics()) {
            MetricSpec s = m.spec();
            ProviderResult result;
            try {
                result = measure.apply(m);
            } catch (RuntimeException e) {
                result = new ProviderResult.Failure(s.providerType() + " provider failed: " + e.getMessage());
            }
            MeasurementJudge.Judged j = MeasurementJudge.judge(m.success(), m.failure(), result);
            outcomes.add(new MetricOutcome(s.name(), s.providerType(), j.phase(), j.value(), j.message(),
                    m.success() == null ? null : m.success().expression(), j.successHolds(),
                    m.failure() == null ? null : m.failure().expression(), j.failureHolds(), s.dryRun()));
            MetricSpec single = new MetricSpec(s.name(), null, null, 1, s.successCondition(), s.failureCondition(),
                    s.failureLimit(), s.inconclusiveLimit(), 0, s.dryRun(), s.providerType(), s.providerConfig());
            once.add(single);
            progress.put(s.name(), MetricProgress.none(s.name())
                    .record(new Measurement(1, j.phase(), j.value(), j.message(), now, now), 1));
        }
        Verdict v = RunAssessment.verdict(once, progress, false, null)
                .orElse(new Verdict(AnalysisPhase.Running, null, null, "no verdict after one measurement"));
        return new Outcome(v.phase(), v.metricName(), v.value(), v.message(), outcomes);
    }
}
