package dev.sluice.controller.rollout;

import java.time.Duration;

/** One step of a canary plan, parsed and valid. */
public sealed interface Step {

    /** The step as a person reads it, e.g. {@code setWeight: 20} or {@code pause: 5m}. */
    String describe();

    /** Send {@code weight}% of traffic to the canary. */
    record SetWeight(int weight) implements Step {
        public String describe() {
            return "setWeight: " + weight;
        }
    }

    /** Wait {@code duration}, or until promoted when it is null. */
    record Pause(Duration duration) implements Step {
        public String describe() {
            return duration == null ? "pause: {}" : "pause: " + Durations.format(duration);
        }
    }

    /** Run an analysis and wait for its verdict. */
    record Analysis(AnalysisSpec analysis) implements Step {
        public String describe() {
            return "analysis: " + analysis.describe();
        }
    }

    /**
     * Flagger's check at the current weight: {@code checks} measured once per {@code interval}; a pass advances, a
     * failure holds the weight and counts towards {@code threshold}. {@code skip} ({@code skipAnalysis: true}) only
     * waits the interval.
     */
    record Checks(AnalysisSpec checks, Duration interval, int threshold, boolean skip) implements Step {
        public String describe() {
            return skip ? "checks skipped (skipAnalysis): wait " + Durations.format(interval)
                    : "checks: " + checks.describe() + " every " + Durations.format(interval) + " (threshold " + threshold + ")";
        }
    }

    /** Size the canary apart from its weight: {@code replicas}, or {@code weight}% of replicas, or back to the weight. */
    record SetCanaryScale(Integer replicas, Integer weight, boolean matchTrafficWeight) implements Step {
        public String describe() {
            return "setCanaryScale: " + (matchTrafficWeight ? "matchTrafficWeight"
                    : replicas != null ? "replicas " + replicas : "weight " + weight);
        }
    }

    /**
     * Argo's {@code setHeaderRoute} (and Flagger's A/B {@code match}): requests matching {@code route} go to the canary
     * only, whatever the weight; a null route removes the route {@code name}. The step ends once the routers hold it.
     */
    record SetHeaderRoute(String name, dev.sluice.events.MatchRoute route) implements Step {
        public String describe() {
            return "setHeaderRoute: " + name + (route == null ? " (removed)" : "");
        }
    }

    /**
     * Argo's {@code setMirrorRoute}: requests matching {@code route} keep their weighted destinations and are copied to
     * the canary, whose answers are discarded; a null route removes the route {@code name}.
     */
    record SetMirrorRoute(String name, dev.sluice.events.MirrorRoute route) implements Step {
        public String describe() {
            return "setMirrorRoute: " + name + (route == null ? " (removed)" : route.percent() == 100 ? "" : " (" + route.percent() + "%)");
        }
    }
}
