package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.controller.rollout.RolloutDefinition.Canary;
import dev.sluice.controller.rollout.RolloutDefinition.MetricDef;
import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import dev.sluice.controller.rollout.RolloutDefinition.StepDef;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promises behind "a bad version is rolled back on its own", each driven through the engine with a small
 * simulated cluster: a kubelet that makes every pod available, traffic-svc acknowledging every weight, and an
 * analysis-svc that answers each request with a chosen verdict and, as a real one does, never runs a run name twice.
 */
class RollbackPromisesTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web-vs", null, null, null)), null));
    static final List<MetricDef> SUCCESS_RATE = List.of(new MetricDef("request-success-rate", 99.0, null, null));

    static Stream<Arguments> promises() {
        return Stream.of(
                row("a progression canary failing every check is rolled back after exactly threshold failed checks, at its first weight",
                        () -> new Sim(progression(5)).answering(r -> "Failed").runUntilSettled(),
                        sim -> {
                            assertThat(sim.verdicts).containsOnly("Failed").hasSize(5);
                            assertThat(sim.verdictWeights).containsOnly(10);
                            assertThat(sim.status.abort).isTrue();
                            assertThat(sim.ackedWeights).as("never past the first weight").containsOnly(10, 0);
                            assertThat(sim.status.message).contains("request-success-rate").contains("50.0").contains("5/5");
                        }),
                row("a progression canary failing its checks with threshold 1 is rolled back at the first failed check",
                        () -> new Sim(progression(1)).answering(r -> "Failed").runUntilSettled(),
                        sim -> {
                            assertThat(sim.verdicts).containsExactly("Failed");
                            assertThat(sim.status.message).contains("1/1");
                        }),
                row("a progression canary failing two checks then passing is promoted through every weight",
                        () -> new Sim(progression(5)).answering(new Function<>() {
                            int n;

                            public String apply(AnalysisRequested r) {
                                return ++n <= 2 ? "Failed" : "Successful";
                            }
                        }).runUntilSettled(),
                        sim -> {
                            assertThat(sim.status.stableRS).isEqualTo("v2");
                            assertThat(sim.ackedWeights).containsExactly(10, 20, 30, 40, 50, 0);
                            assertThat(sim.verdictWeights.subList(0, 3)).as("held at 10% while failing").containsExactly(10, 10, 10);
                        }),
                row("a healthy progression canary is promoted through every weight",
                        () -> new Sim(progression(5)).answering(r -> "Successful").runUntilSettled(),
                        sim -> {
                            assertThat(sim.status.stableRS).isEqualTo("v2");
                            assertThat(sim.status.phase).isEqualTo(RolloutPhase.Healthy);
                            assertThat(sim.ackedWeights).containsExactly(10, 20, 30, 40, 50, 0);
                        }),
                row("a revision analysed before is analysed afresh and promoted when it returns (v1, v2, v3, v2)",
                        () -> {
                            Sim sim = new Sim(stepsWithAnalysis()).answering(r -> "Successful");
                            sim.runUntilSettled();
                            sim.template = "v3";
                            sim.runUntilSettled();
                            sim.template = "v2";
                            return sim.runUntilSettled();
                        },
                        sim -> {
                            assertThat(sim.status.stableRS).isEqualTo("v2");
                            assertThat(sim.status.phase).isEqualTo(RolloutPhase.Healthy);
                            assertThat(sim.verdicts).containsExactly("Successful", "Successful", "Successful");
                        }),
                row("a verdict for the run's name but another request sequence is not taken",
                        () -> {
                            Sim sim = new Sim(stepsWithAnalysis()).answering(r -> null);
                            sim.runFor(Duration.ofSeconds(30));
                            assertThat(sim.requests).as(sim.status.message).isNotEmpty();
                            AnalysisRequested request = sim.requests.get(0);
                            sim.status = InputRecorder.analysisCompleted(sim.status, "uid-1", new AnalysisCompleted("shop/web", "uid-1",
                                    "v2", request.runName(), request.sequence() - 1, AnalysisPhase.Successful, null, null, "old", T0))
                                    .orElse(sim.status);
                            return sim;
                        },
                        sim -> assertThat(sim.status.canary.currentStepAnalysisRun.phase).isEqualTo(RunPhase.Pending)),
                row("an analysis request that gets no answer is requested again with a new sequence, and the deadline fires",
                        () -> new Sim(stepsWithAnalysis()).answering(r -> null).runFor(Duration.ofMinutes(11)),
                        sim -> {
                            assertThat(sim.requests).hasSizeGreaterThanOrEqualTo(2);
                            assertThat(sim.requests.get(1).sequence()).isGreaterThan(sim.requests.get(0).sequence());
                            assertThat(sim.requests.get(1).runName()).isNotEqualTo(sim.requests.get(0).runName());
                            assertThat(sim.cancelled).contains(sim.requests.get(0).runName());
                            assertThat(Statuses.hasCondition(sim.status, Statuses.PROGRESSING, "ProgressDeadlineExceeded")).isTrue();
                            assertThat(sim.status.phase).isEqualTo(RolloutPhase.Degraded);
                        }),
                row("a traffic shift that gets no answer is requested again with a new sequence",
                        () -> {
                            Sim sim = new Sim(stepsWithAnalysis()).answering(r -> "Successful");
                            sim.trafficAnswers = false;
                            return sim.runFor(Duration.ofMinutes(3));
                        },
                        sim -> {
                            assertThat(sim.shifts).hasSizeGreaterThanOrEqualTo(2);
                            assertThat(sim.shifts.get(1).sequence()).isGreaterThan(sim.shifts.get(0).sequence());
                            assertThat(sim.shifts.get(1).canaryWeight()).isEqualTo(20);
                        }),
                row("a promote given for another revision is dropped with a message",
                        () -> {
                            Sim sim = new Sim(stepsWithPause()).answering(r -> "Successful");
                            sim.runFor(Duration.ofSeconds(30));
                            sim.status = InputRecorder.command(sim.status, RolloutCommandName.PROMOTE, "c-1", "v9", "ci", null, sim.now).orElseThrow();
                            return sim.runFor(Duration.ofSeconds(10));
                        },
                        sim -> {
                            assertThat(sim.status.phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(sim.status.conditions).anySatisfy(c -> {
                                assertThat(c.type).isEqualTo("CommandDropped");
                                assertThat(c.message).contains("v9").contains("v2");
                            });
                        }),
                row("a promote that waited longer than ten minutes is dropped, not acted on",
                        () -> {
                            Sim sim = new Sim(stepsWithPause()).answering(r -> "Successful");
                            sim.runFor(Duration.ofSeconds(30));
                            sim.status = InputRecorder.command(sim.status, RolloutCommandName.PROMOTE, "c-1", null, "ci", null,
                                    sim.now.minus(Duration.ofMinutes(11))).orElseThrow();
                            return sim.runFor(Duration.ofSeconds(10));
                        },
                        sim -> {
                            assertThat(sim.status.phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(sim.status.conditions).anySatisfy(c -> assertThat(c.message).contains("expired"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promises")
    void holds(String promise, Supplier<Sim> when, Consumer<Sim> then) {
        then.accept(when.get());
    }

    static Arguments row(String name, Supplier<Sim> when, Consumer<Sim> then) {
        return Arguments.of(name, when, then);
    }

    static CanaryPlan progression(int threshold) {
        ProgressionDef p = new ProgressionDef("1m", 10, null, 50, threshold, SUCCESS_RATE);
        return valid(new Canary("web-stable", "web-canary", null, null, null, null, null, true, ISTIO, null, null, false, p));
    }

    static CanaryPlan stepsWithAnalysis() {
        return valid(new Canary("web-stable", "web-canary", null, null, List.of(StepDef.weight(20),
                StepDef.analysis(new RolloutDefinition.AnalysisDef(List.of(new AnalysisRequested.TemplateRef("rate", false)), null))),
                null, null, true, ISTIO, null, null, false, null));
    }

    static CanaryPlan stepsWithPause() {
        return valid(new Canary("web-stable", "web-canary", null, null, List.of(StepDef.weight(20), StepDef.pauseFor(null)),
                null, null, true, ISTIO, null, null, false, null));
    }

    static CanaryPlan valid(Canary canary) {
        SpecValidation.Validated v = SpecValidation.validate(new RolloutDefinition(10, true, true, false, null, false, false, false, canary));
        assertThat(v).isInstanceOf(SpecValidation.Valid.class);
        return ((SpecValidation.Valid) v).plan();
    }

    /** The engine in a loop with a simulated kubelet, traffic-svc and analysis-svc; time jumps to the next timer. */
    static final class Sim {
        final CanaryPlan plan;
        final RolloutRef ref = new RolloutRef("shop", "web", "uid-1", 1);
        final Map<String, ReplicaSetFacts> replicaSets = new LinkedHashMap<>();
        final List<Integer> ackedWeights = new ArrayList<>();
        final List<TrafficShiftRequested> shifts = new ArrayList<>();
        final List<AnalysisRequested> requests = new ArrayList<>();
        final List<String> verdicts = new ArrayList<>();
        final List<Integer> verdictWeights = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        final Set<String> runsSeen = new HashSet<>();
        Function<AnalysisRequested, String> analysis = r -> "Successful";
        boolean trafficAnswers = true;
        RolloutStatus status = new RolloutStatus();
        Instant now = T0;
        String template = "v1";

        Sim(CanaryPlan plan) {
            this.plan = plan;
            runUntilSettled();
            template = "v2";
        }

        Sim answering(Function<AnalysisRequested, String> verdict) {
            this.analysis = verdict;
            return this;
        }

        Sim runUntilSettled() {
            for (int i = 0; i < 400; i++) {
                Duration next = pass();
                boolean done = template.equals(status.currentPodHash) && (RolloutPhase.Healthy == status.phase
                        || Boolean.TRUE.equals(status.abort) && Integer.valueOf(0).equals(status.canary.weight));
                if (done) {
                    return this;
                }
                now = now.plus(next);
            }
            throw new AssertionError("did not settle: " + status.phase + " " + status.message);
        }

        Sim runFor(Duration duration) {
            Instant end = now.plus(duration);
            while (now.isBefore(end)) {
                Duration next = pass();
                now = now.plus(next.compareTo(Duration.between(now, end)) > 0 ? Duration.between(now, end) : next);
            }
            pass();
            return this;
        }

        /** One reconcile and the answers to what it published; returns the time to the next reconcile. */
        Duration pass() {
            Outcome o = StepEngine.decide(new EngineInput(ref, plan, template, List.copyOf(replicaSets.values()), status, now));
            status = o.status();
            for (Decision d : o.decisions()) {
                if (d instanceof Decision.ScaleReplicaSet scale) {
                    replicaSets.put(scale.hash(), new ReplicaSetFacts(scale.hash(), scale.replicas(), scale.replicas(), scale.replicas()));
                }
            }
            for (Decision.Publish p : o.all(Decision.Publish.class)) {
                if (p.event() instanceof TrafficShiftRequested shift) {
                    shifts.add(shift);
                    if (trafficAnswers) {
                        status = InputRecorder.shifted(status, "uid-1", new TrafficShifted("shop/web", "uid-1", shift.revision(),
                                shift.stepIndex(), shift.sequence(), now, shift.canaryWeight(), List.of())).orElse(status);
                        ackedWeights.add(shift.canaryWeight());
                    }
                } else if (p.event() instanceof AnalysisCancelRequested cancel) {
                    cancelled.add(cancel.runName());
                } else if (p.event() instanceof AnalysisRequested request) {
                    requests.add(request);
                    if (!runsSeen.add(request.runName())) {
                        continue; // analysis-svc: a run of this name exists already
                    }
                    String phase = analysis.apply(request);
                    if (phase != null) {
                        verdicts.add(phase);
                        verdictWeights.add(status.canary.weight == null ? 0 : status.canary.weight);
                        boolean failed = !"Successful".equals(phase);
                        status = InputRecorder.analysisCompleted(status, "uid-1", new AnalysisCompleted("shop/web", "uid-1",
                                request.revision(), request.runName(), request.sequence(), AnalysisPhase.valueOf(phase),
                                failed ? "request-success-rate" : null, failed ? "50.0" : null,
                                failed ? "metric 'request-success-rate' Failed" : "all successful", now)).orElse(status);
                    }
                }
            }
            Duration next = o.all(Decision.RequeueAfter.class).stream().map(Decision.RequeueAfter::delay).findFirst()
                    .orElse(Duration.ofSeconds(5));
            return next.isZero() ? Duration.ofMillis(1) : next.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : next;
        }
    }
}
