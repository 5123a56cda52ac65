package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShifted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a Kafka input is recorded in status before it is acknowledged; duplicates and stale answers change nothing. */
class InputRecorderTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    static Stream<Arguments> inputs() {
        return Stream.of(
                row("traffic.shifted answering the pending request acknowledges its weight",
                        () -> InputRecorder.shifted(pending(7, 20), "uid-1", shifted(7, 20)),
                        s -> {
                            assertThat(s).get().satisfies(x -> assertThat(x.canary.weight).isEqualTo(20));
                            assertThat(s.get().canary.acknowledgedSequence).isEqualTo(7);
                        }),
                row("traffic.shifted for an older request changes nothing",
                        () -> InputRecorder.shifted(pending(7, 20), "uid-1", shifted(5, 10)),
                        s -> assertThat(s).isEmpty()),
                row("a redelivered traffic.shifted changes nothing",
                        () -> InputRecorder.shifted(InputRecorder.shifted(pending(7, 20), "uid-1", shifted(7, 20)).orElseThrow(),
                                "uid-1", shifted(7, 20)),
                        s -> assertThat(s).isEmpty()),
                row("traffic.shifted for a recreated rollout of the same name changes nothing",
                        () -> InputRecorder.shifted(pending(7, 20), "uid-2", shifted(7, 20)),
                        s -> assertThat(s).isEmpty()),
                row("traffic.shift.failed sets the condition with the router's reason and a retry after 5 seconds",
                        () -> InputRecorder.shiftFailed(pending(7, 20), "uid-1", failed(7), T0),
                        s -> {
                            assertThat(s.get().canary.shiftRetryAt).isEqualTo(T0.plusSeconds(5).toString());
                            assertThat(s.get().conditions).singleElement().satisfies(c -> {
                                assertThat(c.type).isEqualTo("TrafficShiftFailed");
                                assertThat(c.message).contains("VirtualService shop/web-vs").contains("route primary not found");
                            });
                        }),
                row("a second failure doubles the backoff",
                        () -> {
                            RolloutStatus once = InputRecorder.shiftFailed(pending(7, 20), "uid-1", failed(7), T0).orElseThrow();
                            once.canary.shiftRetryAt = null;
                            return InputRecorder.shiftFailed(once, "uid-1", failed(7), T0);
                        },
                        s -> assertThat(s.get().canary.shiftRetryAt).isEqualTo(T0.plus(Duration.ofSeconds(10)).toString())),
                row("a shift that succeeds after failing clears the condition",
                        () -> InputRecorder.shifted(InputRecorder.shiftFailed(pending(7, 20), "uid-1", failed(7), T0).orElseThrow(),
                                "uid-1", shifted(7, 20)),
                        s -> assertThat(s.get().conditions).isEmpty()),
                row("analysis.completed records the verdict of the current step's run",
                        () -> InputRecorder.analysisCompleted(running("web-bbb-2"), "uid-1", completed("web-bbb-2", AnalysisPhase.Failed)),
                        s -> {
                            assertThat(s.get().canary.currentStepAnalysisRun.phase).isEqualTo(RunPhase.Failed);
                            assertThat(s.get().canary.currentStepAnalysisRun.metricName).isEqualTo("error-rate");
                        }),
                row("analysis.completed for another run changes nothing",
                        () -> InputRecorder.analysisCompleted(running("web-bbb-2"), "uid-1", completed("web-aaa-2", AnalysisPhase.Failed)),
                        s -> assertThat(s).isEmpty()),
                row("a second verdict for a finished run changes nothing",
                        () -> InputRecorder.analysisCompleted(InputRecorder.analysisCompleted(running("web-bbb-2"), "uid-1",
                                completed("web-bbb-2", AnalysisPhase.Successful)).orElseThrow(), "uid-1", completed("web-bbb-2", AnalysisPhase.Failed)),
                        s -> assertThat(s).isEmpty()),
                row("analysis.completed with the run's name but another request sequence changes nothing",
                        () -> {
                            RolloutStatus s = running("web-bbb-9-2");
                            s.canary.currentStepAnalysisRun.requestSequence = 12L;
                            return InputRecorder.analysisCompleted(s, "uid-1", completed("web-bbb-9-2", AnalysisPhase.Successful));
                        },
                        s -> assertThat(s).isEmpty()),
                row("a measurement of the step's run marks it alive and counts as progress",
                        () -> InputRecorder.measured(running("web-bbb-9-2"), "uid-1", measurement("web-bbb-9-2"), T0.plusSeconds(3)),
                        s -> {
                            assertThat(s.get().canary.currentStepAnalysisRun.phase).isEqualTo(RunPhase.Running);
                            assertThat(s.get().canary.currentStepAnalysisRun.lastMeasuredAt).isEqualTo(T0.toString());
                            assertThat(s.get().lastProgressAt).isEqualTo(T0.plusSeconds(3).toString());
                        }),
                row("a measurement of another run changes nothing",
                        () -> InputRecorder.measured(running("web-bbb-9-2"), "uid-1", measurement("web-bbb-4-2"), T0),
                        s -> assertThat(s).isEmpty()),
                row("pending commands are capped: the oldest is dropped with a message",
                        () -> {
                            RolloutStatus s = Statuses.copy(null);
                            for (int i = 0; i < Statuses.PENDING_COMMAND_CAP; i++) {
                                s = InputRecorder.command(s, RolloutCommandName.PAUSE, "ce-" + i, null, "bot", null, T0).orElseThrow();
                            }
                            return InputRecorder.command(s, RolloutCommandName.PROMOTE, "ce-last", null, "ci", null, T0);
                        },
                        s -> {
                            assertThat(s.get().pendingCommands).hasSize(Statuses.PENDING_COMMAND_CAP);
                            assertThat(s.get().pendingCommands.get(0).id).isEqualTo("ce-1");
                            assertThat(s.get().conditions).singleElement().satisfies(c -> assertThat(c.message).contains("more than 20"));
                        }),
                row("a command is kept for the next reconcile",
                        () -> InputRecorder.command(new RolloutStatus(), RolloutCommandName.PROMOTE, "ce-1", null, "ci", "tests green", T0),
                        s -> assertThat(s.get().pendingCommands).singleElement().satisfies(c -> assertThat(c.command).isEqualTo(RolloutCommandName.PROMOTE))),
                row("a redelivered command already acted on is ignored",
                        () -> {
                            RolloutStatus acted = new RolloutStatus();
                            acted.recentCommandIds = new java.util.ArrayList<>(List.of("ce-1"));
                            return InputRecorder.command(acted, RolloutCommandName.PROMOTE, "ce-1", null, "ci", null, T0);
                        },
                        s -> assertThat(s).isEmpty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void records(String behaviour, Supplier<Optional<RolloutStatus>> when, Consumer<Optional<RolloutStatus>> then) {
        then.accept(when.get());
    }

    static Arguments row(String name, Supplier<Optional<RolloutStatus>> when, Consumer<Optional<RolloutStatus>> then) {
        return Arguments.of(name, when, then);
    }

    static RolloutStatus pending(long sequence, int weight) {
        RolloutStatus s = Statuses.copy(null);
        s.sequence = sequence;
        s.canary.requestedSequence = sequence;
        s.canary.requestedWeight = weight;
        return s;
    }

    static RolloutStatus running(String run) {
        RolloutStatus s = Statuses.copy(null);
        s.canary.currentStepAnalysisRun = new AnalysisRunStatusRef();
        s.canary.currentStepAnalysisRun.name = run;
        s.canary.currentStepAnalysisRun.phase = RunPhase.Pending;
        return s;
    }

    static TrafficShifted shifted(long sequence, int weight) {
        return new TrafficShifted("shop/web", "uid-1", "bbb", 0, sequence, T0, weight, List.of());
    }

    static TrafficShiftFailed failed(long sequence) {
        return new TrafficShiftFailed("shop/web", "uid-1", "bbb", 0, sequence, T0, 20, "istio", "VirtualService shop/web-vs",
                "route primary not found", false);
    }

    static dev.sluice.events.MeasurementTaken measurement(String run) {
        return new dev.sluice.events.MeasurementTaken("shop/web", "uid-1", "bbb", run, "error-rate", 1,
                dev.sluice.events.MeasurementPhase.Successful, "0.01", null, false, T0);
    }

    static AnalysisCompleted completed(String run, AnalysisPhase phase) {
        return new AnalysisCompleted("shop/web", "uid-1", "bbb", run, 9, phase, "error-rate", "0.31", "error-rate above 0.05", T0);
    }
}
