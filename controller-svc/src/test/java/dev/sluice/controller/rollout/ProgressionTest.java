package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RunPhase;
import dev.sluice.controller.rollout.RolloutDefinition.MetricDef;
import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flagger's counting rule and the steps a {@code progression} becomes. */
class ProgressionTest {
    static final List<MetricDef> METRICS = List.of(new MetricDef("request-success-rate", 99.0, null, null),
            new MetricDef("request-duration", null, 500.0, "30s"));

    static Stream<Arguments> counting() {
        return Stream.of(
                Arguments.of("a passed check advances and counts nothing", 0, 5, "Successful", "Advance", 0),
                Arguments.of("a passed check after failures advances and keeps the count (Flagger never resets it)", 3, 5, "Successful", "Advance", 3),
                Arguments.of("a first failed check holds the weight at 1/5", 0, 5, "Failed", "Hold", 1),
                Arguments.of("the fourth failed check still holds at 4/5", 3, 5, "Failed", "Hold", 4),
                Arguments.of("the fifth failed check reaches the threshold and rolls back", 4, 5, "Failed", "RollBack", 5),
                Arguments.of("with threshold 1 the first failed check rolls back", 0, 1, "Failed", "RollBack", 1),
                Arguments.of("an Error check (no data from a down Prometheus) counts as failed", 0, 5, "Error", "Hold", 1),
                Arguments.of("an Inconclusive check counts as failed (Flagger has no inconclusive)", 4, 5, "Inconclusive", "RollBack", 5),
                Arguments.of("a count already past the threshold rolls back at the next failure", 7, 5, "Failed", "RollBack", 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counting")
    void counts_failed_checks_as_flagger_does(String rule, int failedBefore, int threshold, RunPhase verdict, String outcome,
            int failedAfter) {
        Progression.CheckOutcome o = Progression.afterCheck(failedBefore, threshold, verdict);
        assertThat(o.getClass().getSimpleName()).isEqualTo(outcome);
        assertThat(o.failedChecks()).isEqualTo(failedAfter);
    }

    static Stream<Arguments> expansions() {
        Duration m = Duration.ofMinutes(1);
        return Stream.of(
                Arguments.of("stepWeight 20 up to 60 checks at 20, 40 and 60",
                        new ProgressionDef("1m", 20, null, 60, null, METRICS),
                        List.of("setWeight: 20", "checks: request-success-rate, request-duration every 1m (threshold 5)",
                                "setWeight: 40", "checks: request-success-rate, request-duration every 1m (threshold 5)",
                                "setWeight: 60", "checks: request-success-rate, request-duration every 1m (threshold 5)")),
                Arguments.of("stepWeightPromotion 25 after maxWeight 50 rises to 75 and 100, an interval each, without checks",
                        new ProgressionDef("1m", 50, null, 50, 2, METRICS, 25, false),
                        List.of("setWeight: 50", "checks: request-success-rate, request-duration every 1m (threshold 2)",
                                "setWeight: 75", "pause: 1m", "setWeight: 100", "pause: 1m")),
                Arguments.of("stepWeightPromotion that overshoots stops at 100",
                        new ProgressionDef("1m", null, List.of(30), 30, 2, METRICS, 50, false),
                        List.of("setWeight: 30", "checks: request-success-rate, request-duration every 1m (threshold 2)",
                                "setWeight: 80", "pause: 1m", "setWeight: 100", "pause: 1m")),
                Arguments.of("skipAnalysis waits each interval without checks",
                        new ProgressionDef("1m", 50, null, null, null, METRICS, null, true),
                        List.of("setWeight: 50", "checks skipped (skipAnalysis): wait 1m", "setWeight: 100",
                                "checks skipped (skipAnalysis): wait 1m")),
                Arguments.of("a templateRef check runs next to the built-ins",
                        new ProgressionDef("2m", 100, null, null, 3, List.of(new MetricDef("request-success-rate", 99.0, null, null),
                                new MetricDef("error-budget", null, null, null, "error-budget", false))),
                        List.of("setWeight: 100", "checks: request-success-rate, error-budget every 2m (threshold 3)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expansions")
    void expands_into_steps(String rule, ProgressionDef p, List<String> steps) {
        assertThat(Progression.steps(p, dev.sluice.api.values.GoDuration.parse(p.interval()).value()).stream().map(Step::describe))
                .containsExactlyElementsOf(steps);
    }

    @org.junit.jupiter.api.Test
    void each_built_in_is_measured_over_its_own_interval_else_the_progressions() {
        var checks = Progression.checks(new ProgressionDef("1m", 20, null, null, null, METRICS));
        assertThat(checks.builtInMetrics()).extracting(b -> b.interval()).containsExactly("1m", "30s");
        assertThat(checks.builtInMetrics()).extracting(b -> b.failureLimit()).containsOnly(0);
    }
}
