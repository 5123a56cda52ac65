package dev.sluice.controller.rollout;

import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import dev.sluice.events.AnalysisRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Flagger-style {@code progression} expanded into explicit steps: each weight is set and then held for
 * {@code interval} while a background analysis of the built-in metrics runs from the first step; {@code threshold}
 * failed checks fail that analysis (and abort the rollout).
 */
public final class Progression {
    public static final String SUCCESS_RATE = "request-success-rate";
    public static final String DURATION = "request-duration";
    public static final int DEFAULT_THRESHOLD = 5;

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

    /** setWeight w, pause interval — for every weight. */
    public static List<Step> steps(ProgressionDef p, Duration interval) {
        List<Step> steps = new ArrayList<>();
        for (int w : weights(p)) {
            steps.add(new Step.SetWeight(w));
            steps.add(new Step.Pause(interval));
        }
        return steps;
    }

    /** The background analysis of the built-in metrics, each failing after {@code threshold} failed checks. */
    public static AnalysisSpec background(ProgressionDef p) {
        int threshold = p.threshold() == null ? DEFAULT_THRESHOLD : p.threshold();
        List<AnalysisRequested.BuiltInMetric> metrics = p.metrics() == null ? List.of() : p.metrics().stream()
                .map(m -> new AnalysisRequested.BuiltInMetric(m.name(), m.min(), m.max(),
                        m.interval() == null ? p.interval() : m.interval(), threshold))
                .toList();
        return new AnalysisSpec(List.of(), List.of(), metrics);
    }
}
