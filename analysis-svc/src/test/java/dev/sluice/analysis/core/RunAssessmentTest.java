package dev.sluice.analysis.core;

import static dev.sluice.events.MeasurementPhase.Error;
import static dev.sluice.events.MeasurementPhase.Failed;
import static dev.sluice.events.MeasurementPhase.Inconclusive;
import static dev.sluice.events.MeasurementPhase.Successful;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.MeasurementPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RunAssessmentTest {
    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    static MetricSpec metric(String name, Duration interval, Integer count, int failureLimit, int inconclusiveLimit,
            int consecutiveErrorLimit, boolean dryRun) {
        return new MetricSpec(name, interval, null, count, "result >= 0.99", null, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, dryRun, "prometheus", null);
    }

    /** A metric with Argo's consecutiveSuccessLimit. */
    static MetricSpec streak(int consecutiveSuccessLimit, Integer count, int failureLimit) {
        return new MetricSpec("rate", MINUTE, null, count, "result >= 0.99", null, failureLimit, 5, 4, false, "prometheus", null,
                consecutiveSuccessLimit);
    }

    static MetricSpec defaults(Duration interval, Integer count) {
        return metric("rate", interval, count, 0, 0, 4, false);
    }

    /** Measurements one interval apart, starting at START. */
    static MetricProgress measured(String name, MeasurementPhase... phases) {
        MetricProgress p = MetricProgress.none(name);
        Instant t = START;
        for (MeasurementPhase phase : phases) {
            p = p.record(new Measurement(p.nextIndex(), phase, phase == Error ? null : "0.9", "m", t, t.plusMillis(100)),
                    MetricProgress.DEFAULT_RETENTION);
            t = t.plus(MINUTE);
        }
        return p;
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("no interval and no count: one success completes the metric", defaults(null, null), List.of(Successful), AnalysisPhase.Successful),
                Arguments.of("no interval and no count: one failure fails it (failureLimit 0)", defaults(null, null), List.of(Failed), AnalysisPhase.Failed),
                Arguments.of("an error does not count towards count: still running after one error", defaults(null, null), List.of(Error), AnalysisPhase.Running),
                Arguments.of("count 3 with two successes is still running", defaults(MINUTE, 3), List.of(Successful, Successful), AnalysisPhase.Running),
                Arguments.of("count 3 reached with successes succeeds", defaults(MINUTE, 3), List.of(Successful, Successful, Successful), AnalysisPhase.Successful),
                Arguments.of("failureLimit 1 tolerates one failure", metric("rate", MINUTE, 3, 1, 0, 4, false), List.of(Failed, Successful, Successful), AnalysisPhase.Successful),
                Arguments.of("failureLimit 1 fails on the second failure", metric("rate", MINUTE, 5, 1, 0, 4, false), List.of(Failed, Successful, Failed), AnalysisPhase.Failed),
                Arguments.of("failureLimit -1 never fails on failures", metric("rate", MINUTE, 3, -1, 0, 4, false), List.of(Failed, Failed, Failed), AnalysisPhase.Successful),
                Arguments.of("one inconclusive ends the metric inconclusive (limit 0)", defaults(MINUTE, 3), List.of(Inconclusive), AnalysisPhase.Inconclusive),
                Arguments.of("inconclusiveLimit 2 tolerates two", metric("rate", MINUTE, 3, 0, 2, 4, false), List.of(Inconclusive, Inconclusive, Successful), AnalysisPhase.Successful),
                Arguments.of("four consecutive errors are tolerated (default limit 4)", defaults(MINUTE, 3), List.of(Error, Error, Error, Error), AnalysisPhase.Running),
                Arguments.of("a fifth consecutive error ends the metric in Error", defaults(MINUTE, 3), List.of(Error, Error, Error, Error, Error), AnalysisPhase.Error),
                Arguments.of("a success resets the error streak", defaults(MINUTE, 3), List.of(Error, Error, Error, Error, Successful, Error, Error), AnalysisPhase.Running),
                Arguments.of("consecutiveErrorLimit 0 errors at the first error", metric("rate", MINUTE, 3, 0, 0, 0, false), List.of(Error), AnalysisPhase.Error),
                Arguments.of("an interval without count runs until cancelled", defaults(MINUTE, null), List.of(Successful, Successful, Successful, Successful), AnalysisPhase.Running),
                Arguments.of("consecutiveSuccessLimit 3 succeeds at the third success in a row, before count", streak(3, 10, 2),
                        List.of(Failed, Successful, Successful, Successful), AnalysisPhase.Successful),
                Arguments.of("consecutiveSuccessLimit 3: two in a row is still running", streak(3, 10, 2),
                        List.of(Successful, Successful), AnalysisPhase.Running),
                Arguments.of("consecutiveSuccessLimit: a failure resets the streak", streak(3, 10, 2),
                        List.of(Successful, Successful, Failed, Successful, Successful), AnalysisPhase.Running),
                Arguments.of("consecutiveSuccessLimit: an inconclusive or error measurement resets the streak too", streak(2, 10, 2),
                        List.of(Successful, Inconclusive, Successful, Error, Successful), AnalysisPhase.Running),
                Arguments.of("consecutiveSuccessLimit not reached by count, failureLimit not exceeded: Inconclusive", streak(3, 4, 2),
                        List.of(Successful, Successful, Failed, Successful), AnalysisPhase.Inconclusive),
                Arguments.of("consecutiveSuccessLimit not reached by count with failureLimit -1: Failed", streak(3, 4, -1),
                        List.of(Successful, Failed, Successful, Failed), AnalysisPhase.Failed),
                Arguments.of("consecutiveSuccessLimit with failureLimit -1 and no count runs until the streak", streak(2, null, -1),
                        List.of(Failed, Failed, Failed, Successful), AnalysisPhase.Running),
                Arguments.of("failureLimit is checked before the streak: exceeding it fails", streak(3, 10, 1),
                        List.of(Failed, Successful, Failed), AnalysisPhase.Failed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void assesses_a_metric(String name, MetricSpec spec, List<MeasurementPhase> phases, AnalysisPhase expected) {
        MetricProgress progress = measured(spec.name(), phases.toArray(MeasurementPhase[]::new));
        assertThat(RunAssessment.assessMetric(spec, progress, false).phase()).isEqualTo(expected);
    }

    static Stream<Arguments> verdicts() {
        MetricSpec rate = metric("rate", MINUTE, 2, 0, 0, 4, false);
        MetricSpec latency = metric("latency", MINUTE, 2, 0, 0, 4, false);
        MetricSpec dryLatency = metric("latency", MINUTE, 2, 0, 0, 4, true);
        return Stream.of(
                Arguments.of("every metric successful: the run succeeds and names no metric", List.of(rate, latency),
                        Map.of("rate", List.of(Successful, Successful), "latency", List.of(Successful, Successful)), false,
                        AnalysisPhase.Successful, null),
                Arguments.of("one metric failed ends the run at once, naming it", List.of(rate, latency),
                        Map.of("rate", List.of(Successful), "latency", List.of(Failed)), false, AnalysisPhase.Failed, "latency"),
                Arguments.of("a failed metric outranks an errored one", List.of(rate, latency),
                        Map.of("rate", List.of(Error, Error, Error, Error, Error), "latency", List.of(Failed)), false,
                        AnalysisPhase.Failed, "latency"),
                Arguments.of("a metric still measuring keeps the run running", List.of(rate, latency),
                        Map.of("rate", List.of(Successful, Successful), "latency", List.of(Successful)), false, null, null),
                Arguments.of("a failing dry-run metric never fails the run", List.of(rate, dryLatency),
                        Map.of("rate", List.of(Successful, Successful), "latency", List.of(Failed)), false,
                        AnalysisPhase.Successful, null),
                Arguments.of("dry-run metrics alone: the run succeeds once they completed, even failed", List.of(dryLatency),
                        Map.of("latency", List.of(Failed)), false, AnalysisPhase.Successful, null),
                Arguments.of("cancelled with no failure: successful, as in Argo", List.of(rate, latency),
                        Map.of("rate", List.of(Successful)), true, AnalysisPhase.Successful, null),
                Arguments.of("cancelled after a failure beyond the limit: failed", List.of(rate, latency),
                        Map.of("rate", List.of(Failed)), true, AnalysisPhase.Failed, "rate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void decides_the_run(String name, List<MetricSpec> specs, Map<String, List<MeasurementPhase>> phases, boolean cancelled,
            AnalysisPhase expected, String decidingMetric) {
        Map<String, MetricProgress> progress = new LinkedHashMap<>();
        phases.forEach((metric, list) -> progress.put(metric, measured(metric, list.toArray(MeasurementPhase[]::new))));
        Optional<Verdict> verdict = RunAssessment.verdict(specs, progress, cancelled, "rollout aborted");
        if (expected == null) {
            assertThat(verdict).isEmpty();
            return;
        }
        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.phase()).isEqualTo(expected);
            assertThat(v.metricName()).isEqualTo(decidingMetric);
            assertThat(v.message()).isNotBlank();
        });
    }

    @Test
    void the_deciding_value_and_limit_are_in_the_verdict() {
        MetricSpec rate = defaults(null, null);
        Verdict v = RunAssessment.verdict(List.of(rate), Map.of("rate", measured("rate", Failed)), false, null).orElseThrow();
        assertThat(v.value()).isEqualTo("0.9");
        assertThat(v.message()).contains("rate").contains("failureLimit 0").contains("0.9");
    }

    @Test
    void the_first_measurement_waits_for_the_initial_delay() {
        MetricSpec spec = new MetricSpec("rate", MINUTE, Duration.ofSeconds(30), 3, "true", null, 0, 0, 4, false, "web", null);
        assertThat(RunAssessment.nextMeasurementAt(spec, MetricProgress.none("rate"), START))
                .contains(START.plusSeconds(30));
    }

    @Test
    void the_next_measurement_is_one_interval_after_the_last_one_ended_so_a_restart_does_not_measure_twice() {
        MetricSpec spec = defaults(MINUTE, 3);
        MetricProgress progress = measured("rate", Successful);
        Instant lastEnd = progress.last().orElseThrow().finishedAt();
        assertThat(RunAssessment.nextMeasurementAt(spec, progress, START)).contains(lastEnd.plus(MINUTE));
        assertThat(RunAssessment.due(List.of(spec), Map.of("rate", progress), START, lastEnd.plusSeconds(5))).isEmpty();
        assertThat(RunAssessment.due(List.of(spec), Map.of("rate", progress), START, lastEnd.plus(MINUTE))).containsExactly(spec);
    }

    @Test
    void after_an_error_a_metric_without_interval_retries_in_ten_seconds() {
        MetricSpec spec = defaults(null, null);
        MetricProgress progress = measured("rate", Error);
        assertThat(RunAssessment.nextMeasurementAt(spec, progress, START))
                .contains(progress.last().orElseThrow().finishedAt().plusSeconds(10));
    }

    @Test
    void a_completed_metric_is_never_measured_again() {
        MetricSpec spec = defaults(MINUTE, 2);
        assertThat(RunAssessment.nextMeasurementAt(spec, measured("rate", Successful, Successful), START)).isEmpty();
    }

    @Test
    void retention_keeps_the_newest_measurements_and_the_counters_of_all() {
        MetricProgress p = MetricProgress.none("rate");
        for (int i = 0; i < 5; i++) {
            p = p.record(new Measurement(p.nextIndex(), Successful, "1", null, START, START), 2);
        }
        assertThat(p.measurements()).extracting(Measurement::index).containsExactly(4, 5);
        assertThat(p.successful()).isEqualTo(5);
        assertThat(p.measured()).isEqualTo(5);
    }
}
