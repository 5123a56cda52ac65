package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.controller.rollout.Decision.Publish;
import dev.sluice.controller.rollout.Decision.RequeueAfter;
import dev.sluice.controller.rollout.Decision.ScaleReplicaSet;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.AbortCause;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canary state machine, one behaviour per row: given a plan, a status and ReplicaSet facts, what it decides. */
class StepEngineTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final RolloutRef WEB = new RolloutRef("shop", "web", "uid-1", 2);
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web-vs", List.of("primary"), null, null)), null));
    static final AnalysisSpec SUCCESS_RATE = new AnalysisSpec(
            List.of(new AnalysisRequested.TemplateRef("success-rate", false)),
            List.of(new AnalysisRequested.Arg("service", "web", null)), List.of());
    /** setWeight 20, pause 5m, analysis, setWeight 50, pause {} */
    static final List<Step> STEPS = List.of(new Step.SetWeight(20), new Step.Pause(Duration.ofMinutes(5)),
            new Step.Analysis(SUCCESS_RATE), new Step.SetWeight(50), new Step.Pause(null));

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a first revision becomes stable without steps and gets every pod",
                        () -> decide(routed(), new RolloutStatus(), "aaa", T0),
                        o -> {
                            assertThat(o.status().stableRS).isEqualTo("aaa");
                            assertThat(o.status().currentStepIndex).isEqualTo(STEPS.size());
                            assertThat(events(o)).singleElement().isInstanceOf(RevisionDetected.class);
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 10));
                        }),
                row("a stable revision turns Healthy once all its pods are available, and says so once",
                        () -> decide(routed(), settledAt("aaa", "Progressing"), "aaa", T0, rs("aaa", 10, 10)),
                        o -> {
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Healthy);
                            assertThat(events(o)).singleElement().isInstanceOf(RolloutCompleted.class);
                            assertThat(events(decide(routed(), o.status(), "aaa", T0, rs("aaa", 10, 10)))).isEmpty();
                        }),
                row("a new template announces the revision, starts step 0 and creates the canary for 20%",
                        () -> decide(routed(), settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10)),
                        o -> {
                            assertThat(events(o)).extracting(e -> e.getClass().getSimpleName())
                                    .containsExactly("RevisionDetected", "StepStarted");
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 2));
                            assertThat(o.status().currentStepIndex).isZero();
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Progressing);
                        }),
                row("does not request a weight before the canary pods are available",
                        () -> decide(routed(), atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 1)),
                        o -> {
                            assertThat(events(o)).isEmpty();
                            assertThat(o.status().message).contains("waiting for canary pods (1/2 available)");
                        }),
                row("requests 20% with the full routing once the canary pods are available",
                        () -> decide(routed(), atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isEqualTo(20);
                            assertThat(shift.routing()).isEqualTo(ISTIO);
                            assertThat(shift.sequence()).isEqualTo(o.status().canary.requestedSequence).isEqualTo(7);
                            assertThat(shift.stableHash()).isEqualTo("aaa");
                            assertThat(shift.canaryHash()).isEqualTo("bbb");
                        }),
                row("waits for traffic.shifted without repeating the request",
                        () -> decide(routed(), requested(atStep(0), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(events(o)).isEmpty();
                            assertThat(o.status().currentStepIndex).isZero();
                        }),
                row("an acknowledged 20% advances to the pause step and pauses until five minutes after it started",
                        () -> decide(routed(), acked(atStep(0), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(1);
                            assertThat(single(o, RolloutPaused.class).until()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofMinutes(5)));
                        }),
                row("a pause ends at the deadline computed from the step's start, whenever the reconcile comes",
                        () -> {
                            Outcome paused = decide(routed(), acked(atStep(0), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(routed(), paused.status(), "bbb", T0.plus(Duration.ofMinutes(5)), rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(2);
                            assertThat(o.status().pauseConditions).isEmpty();
                            AnalysisRequested request = single(o, AnalysisRequested.class);
                            assertThat(request.runName()).isEqualTo("web-bbb-" + request.sequence() + "-2");
                        }),
                row("an analysis step names its run after rollout, revision, request sequence and step and passes templates and args",
                        () -> decide(routed(), acked(atStepIndex(2), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            AnalysisRequested request = single(o, AnalysisRequested.class);
                            assertThat(request.runName()).isEqualTo("web-bbb-8-2");
                            assertThat(request.kind()).isEqualTo(AnalysisRequested.Kind.STEP);
                            assertThat(request.templates()).extracting(AnalysisRequested.TemplateRef::templateName).containsExactly("success-rate");
                            assertThat(request.args()).extracting(AnalysisRequested.Arg::value).containsExactly("web");
                            assertThat(o.status().canary.currentStepAnalysisRun.requestSequence).isEqualTo(request.sequence());
                        }),
                row("a successful verdict advances to 50% and scales the canary to 5 pods",
                        () -> decide(routed(), verdict(acked(atStepIndex(2), 20), "Successful", null, null), "bbb", T0,
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(3);
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 5));
                        }),
                row("a failed verdict aborts, names the metric and value, and returns traffic to stable",
                        () -> decide(routed(), verdict(acked(atStepIndex(2), 20), "Failed", "error-rate", "0.31"), "bbb", T0,
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            RolloutAborted aborted = single(o, RolloutAborted.class);
                            assertThat(aborted.metricName()).isEqualTo("error-rate");
                            assertThat(aborted.measuredValue()).isEqualTo("0.31");
                            assertThat(aborted.cause()).isEqualTo(AbortCause.Analysis);
                            assertThat(single(o, TrafficShiftRequested.class).canaryWeight()).isZero();
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Degraded);
                            assertThat(o.status().message).contains("error-rate").contains("0.31");
                        }),
                row("an Error verdict aborts like a failure",
                        () -> decide(routed(), verdict(acked(atStepIndex(2), 20), "Error", "latency", "timeout"), "bbb", T0,
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> assertThat(o.status().abort).isTrue()),
                row("an inconclusive verdict pauses with a pause condition until promoted",
                        () -> decide(routed(), verdict(acked(atStepIndex(2), 20), "Inconclusive", "latency", "210"), "bbb", T0,
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.status().pauseConditions).extracting(p -> p.reason).containsExactly("InconclusiveAnalysis");
                            assertThat(single(o, RolloutPaused.class).reason()).isEqualTo("InconclusiveAnalysis");
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(o.status().message).contains("latency").contains("`kubectl sluice promote web`")
                                    .contains("`kubectl sluice abort web`");
                            assertThat(o.status().conditions).filteredOn(c -> c.type.equals("InconclusiveAnalysis"))
                                    .singleElement().satisfies(c -> assertThat(c.status).isEqualTo("True"));
                        }),
                row("a promote after an inconclusive verdict clears the InconclusiveAnalysis condition",
                        () -> {
                            Outcome paused = decide(routed(), verdict(acked(atStepIndex(2), 20), "Inconclusive", "latency", "210"),
                                    "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(routed(), command(paused.status(), "promote"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(3);
                            assertThat(o.status().conditions).noneMatch(c -> c.type.equals("InconclusiveAnalysis"));
                        }),
                row("an indefinite pause still holds an hour later",
                        () -> decide(routed(), acked(atStepIndex(4), 50), "bbb", T0.plus(Duration.ofHours(1)), rs("aaa", 10, 10), rs("bbb", 5, 5)),
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(4);
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(o.status().pauseConditions).singleElement().satisfies(p -> assertThat(p.until).isNull());
                        }),
                row("a promote command releases an indefinite pause and scales the canary to all pods",
                        () -> decide(routed(), command(acked(atStepIndex(4), 50), "promote"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 5, 5)),
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(5);
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 10));
                            assertThat(o.status().pendingCommands).isEmpty();
                        }),
                row("after the last step a full canary is promoted: services point at it and the weight returns to 0",
                        () -> decide(routed(), acked(atStepIndex(5), 50), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 10, 10)),
                        o -> {
                            assertThat(single(o, RolloutPromoted.class).previousRevision()).isEqualTo("aaa");
                            assertThat(o.status().stableRS).isEqualTo("bbb");
                            assertThat(o.all(Decision.PointServices.class)).contains(new Decision.PointServices("bbb", "bbb"));
                            assertThat(single(o, TrafficShiftRequested.class).canaryWeight()).isZero();
                            assertThat(o.all(ScaleReplicaSet.class)).as("old stable waits for scaleDownDelaySeconds").isEmpty();
                        }),
                row("the old stable scales down only once scaleDownDelaySeconds have passed",
                        () -> {
                            Outcome promoted = decide(routed(), acked(atStepIndex(5), 50), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 10, 10));
                            return decide(routed(), promoted.status(), "bbb", T0.plusSeconds(30), rs("aaa", 10, 10), rs("bbb", 10, 10));
                        },
                        o -> assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 0))),
                row("without scaleDownDelayRevisionLimit every old ReplicaSet waits out the scale-down delay",
                        () -> decide(revisionLimit(null), waitingForScaleDown(), "ccc", T0, threeRevisions()),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(30)));
                        }),
                row("with scaleDownDelayRevisionLimit 1 only the newest old ReplicaSet waits; older ones scale down at once",
                        () -> decide(revisionLimit(1), waitingForScaleDown(), "ccc", T0, threeRevisions()),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 0));
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(30)));
                        }),
                row("with scaleDownDelayRevisionLimit 0 no old ReplicaSet waits for its scale-down delay",
                        () -> decide(revisionLimit(0), waitingForScaleDown(), "ccc", T0, threeRevisions()),
                        o -> assertThat(o.all(ScaleReplicaSet.class))
                                .containsExactlyInAnyOrder(new ScaleReplicaSet("aaa", 0), new ScaleReplicaSet("bbb", 0))),
                row("scaleDownDelayRevisionLimit orders by creation time, not by name, and a ReplicaSet of unknown age counts as the oldest",
                        () -> decide(revisionLimit(1), waitingForScaleDown(), "ccc", T0, rs("zzz", 10, 10, null),
                                rs("aaa", 10, 10, T0.minusSeconds(60)), rs("bbb", 10, 10, T0.minusSeconds(600)), rs("ccc", 10, 10, T0)),
                        o -> assertThat(o.all(ScaleReplicaSet.class))
                                .containsExactlyInAnyOrder(new ScaleReplicaSet("bbb", 0), new ScaleReplicaSet("zzz", 0))),
                row("promote-full skips every remaining step and promotes once the canary is full",
                        () -> decide(routed(), command(acked(atStep(0), 20), "promote-full"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 10, 10)),
                        o -> {
                            assertThat(single(o, RolloutPromoted.class).full()).isTrue();
                            assertThat(o.status().stepHistory).extracting(r -> r.outcome).contains("skipped by promote-full");
                            assertThat(events(o)).noneMatch(e -> e instanceof RolloutPaused || e instanceof AnalysisRequested
                                    || e instanceof StepStarted);
                        }),
                row("an abort command mid-step asks for weight 0 before scaling anything down",
                        () -> decide(routed(), command(acked(atStep(0), 20), "abort"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(events(o)).extracting(e -> e.getClass().getSimpleName())
                                    .containsExactly("RolloutAborted", "TrafficShiftRequested");
                            assertThat(o.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(o.status().message).isEqualTo("aborted by tester: because");
                            assertThat(single(o, RolloutAborted.class).cause()).isEqualTo(AbortCause.Command);
                        }),
                row("an aborted canary keeps its pods until abortScaleDownDelaySeconds after the abort",
                        () -> decide(routed(), acked(aborted(atStep(0), T0), 0), "bbb", T0.plusSeconds(29), rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(1)));
                        }),
                row("an aborted canary is scaled to zero once the delay passed and traffic is back on stable",
                        () -> decide(routed(), acked(aborted(atStep(0), T0), 0), "bbb", T0.plusSeconds(30), rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 0))),
                row("with abortScaleDownDelaySeconds 0 an aborted routed canary keeps its pods an hour later and asks for no wake-up (Argo)",
                        () -> decide(abortDelay(routed(), 0), acked(aborted(atStep(0), T0), 0), "bbb", T0.plusSeconds(3600),
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(o.all(RequeueAfter.class)).isEmpty();
                            assertThat(o.status().message).endsWith("(canary bbb kept up: abortScaleDownDelaySeconds is 0)");
                        }),
                row("with abortScaleDownDelaySeconds 0 the kept-up note is said once however often the aborted rollout is reconciled",
                        () -> {
                            Outcome abort = decide(abortDelay(routed(), 0), command(acked(atStep(0), 20), "abort"), "bbb", T0,
                                    rs("aaa", 10, 10), rs("bbb", 2, 2));
                            Outcome first = decide(abortDelay(routed(), 0), acked(abort.status(), 0), "bbb", T0.plusSeconds(1),
                                    rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(abortDelay(routed(), 0), first.status(), "bbb", T0.plusSeconds(2), rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> assertThat(o.status().message).isEqualTo("aborted by tester: because (canary bbb kept up: abortScaleDownDelaySeconds is 0)")),
                row("without abortScaleDownDelaySeconds an aborted routed canary is scaled to zero 30 s after the abort",
                        () -> decide(abortDelay(routed(), null), acked(aborted(atStep(0), T0), 0), "bbb", T0.plusSeconds(30),
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 0))),
                row("with abortScaleDownDelaySeconds 5 an aborted routed canary waits 5 s, then scales to zero",
                        () -> decide(abortDelay(routed(), 5), acked(aborted(atStep(0), T0), 0), "bbb", T0.plusSeconds(4),
                                rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(1)));
                        }),
                row("a basic canary ignores abortScaleDownDelaySeconds 0 and rolls back to stable as before (Argo)",
                        () -> decide(abortDelay(basic(), 0), aborted(basicAtStep(), T0), "bbb", T0.plusSeconds(3600),
                                rs("aaa", 2, 2), rs("bbb", 2, 2)),
                        o -> assertThat(o.all(ScaleReplicaSet.class)).contains(new ScaleReplicaSet("aaa", 3))),
                row("retry after an abort restarts at step 0 with a fresh analysis run",
                        () -> decide(routed(), command(acked(aborted(atStepIndex(2), T0), 0), "retry"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 0, 0)),
                        o -> {
                            assertThat(o.status().abort).isNull();
                            assertThat(o.status().currentStepIndex).isZero();
                            assertThat(o.status().retryCount).isEqualTo(1);
                            assertThat(o.status().canary.currentStepAnalysisRun).as("the next analysis gets a new run").isNull();
                            assertThat(single(o, StepStarted.class).stepIndex()).isZero();
                        }),
                row("a failed shift is requested again with a new sequence once its backoff passed",
                        () -> decide(routed(), failedShift(requested(atStep(0), 20), T0), "bbb", T0.plusSeconds(5), rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> assertThat(single(o, TrafficShiftRequested.class).sequence()).isEqualTo(8)),
                row("a failed shift is not requested again before its backoff passed",
                        () -> decide(routed(), failedShift(requested(atStep(0), 20), T0), "bbb", T0.plusSeconds(4), rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(events(o)).isEmpty();
                            assertThat(o.status().message).contains("failed 1 time(s)");
                        }),
                row("without routing 50% scales the split within maxSurge and does not advance until it is reached",
                        () -> decide(basic(), basicAtStep(), "bbb", T0, rs("aaa", 4, 4)),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 1));
                            assertThat(o.status().currentStepIndex).isZero();
                        }),
                row("without routing a reached replica split is the weight and advances the step",
                        () -> decide(basic(), basicAtStep(), "bbb", T0, rs("aaa", 2, 2), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.status().canary.weight).isEqualTo(50);
                            assertThat(o.status().currentStepIndex).isEqualTo(1);
                            assertThat(events(o)).noneMatch(e -> e instanceof TrafficShiftRequested);
                        }),
                row("a setCanaryScale step sizes the canary apart from its weight",
                        () -> decide(plan(List.of(new Step.SetCanaryScale(3, null, false), new Step.SetWeight(10), new Step.Pause(null)), ISTIO, false),
                                atStep(0), "bbb", T0, rs("aaa", 10, 10)),
                        o -> {
                            assertThat(o.status().canary.scaleOverride).isEqualTo(3);
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 3));
                        }),
                row("an exceeded progress deadline aborts when progressDeadlineAbort is set",
                        () -> decide(plan(STEPS, ISTIO, true), atStep(0), "bbb", T0.plusSeconds(601), rs("aaa", 10, 10), rs("bbb", 2, 0)),
                        o -> {
                            assertThat(o.status().abort).isTrue();
                            assertThat(o.status().message).contains("made no progress for 10m");
                            assertThat(single(o, RolloutAborted.class).cause()).isEqualTo(AbortCause.ProgressDeadlineExceeded);
                            assertThat(o.status().conditions).anySatisfy(c -> assertThat(c.reason).isEqualTo("ProgressDeadlineExceeded"));
                        }),
                row("an exceeded progress deadline without progressDeadlineAbort marks the rollout Degraded and keeps it",
                        () -> decide(routed(), atStep(0), "bbb", T0.plusSeconds(601), rs("aaa", 10, 10), rs("bbb", 2, 0)),
                        o -> {
                            assertThat(o.status().abort).isNull();
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Degraded);
                        }),
                row("a pause command holds the rollout and a resume command releases it",
                        () -> {
                            Outcome paused = decide(routed(), command(atStep(0), "pause"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            assertThat(paused.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(events(paused)).noneMatch(e -> e instanceof TrafficShiftRequested);
                            return decide(routed(), command(paused.status(), "resume"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> assertThat(single(o, TrafficShiftRequested.class).canaryWeight()).isEqualTo(20)),
                row("spec.paused holds the rollout without emitting anything",
                        () -> decide(new CanaryPlan(10, STEPS, pct(25), pct(25), ISTIO, "web-stable", "web-canary", null, 0,
                                Duration.ofMinutes(10), false, Duration.ofSeconds(30), Duration.ofSeconds(30), false, true, "istio"),
                                atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(events(o)).isEmpty();
                            assertThat(o.status().message).isEqualTo("paused by spec.paused");
                        }),
                row("a background analysis starts with the revision and its failure aborts the rollout",
                        () -> {
                            CanaryPlan plan = new CanaryPlan(10, STEPS, pct(25), pct(25), ISTIO, "web-stable", "web-canary", SUCCESS_RATE, 0,
                                    Duration.ofMinutes(10), false, Duration.ofSeconds(30), Duration.ofSeconds(30), false, false, "istio");
                            Outcome started = decide(plan, atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 1));
                            assertThat(single(started, AnalysisRequested.class).kind()).isEqualTo(AnalysisRequested.Kind.BACKGROUND);
                            RolloutStatus failed = Statuses.copy(started.status());
                            failed.canary.currentBackgroundAnalysisRun.phase = RunPhase.Failed;
                            failed.canary.currentBackgroundAnalysisRun.metricName = "success-rate";
                            return decide(plan, failed, "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 1));
                        },
                        o -> assertThat(single(o, RolloutAborted.class).metricName()).isEqualTo("success-rate")),
                row("an Inconclusive background analysis pauses the rollout until promoted (Argo)",
                        () -> {
                            CanaryPlan plan = withBackground();
                            Outcome started = decide(plan, atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 1));
                            RolloutStatus inconclusive = Statuses.copy(started.status());
                            inconclusive.canary.currentBackgroundAnalysisRun.phase = RunPhase.Inconclusive;
                            inconclusive.canary.currentBackgroundAnalysisRun.metricName = "latency";
                            Outcome paused = decide(plan, inconclusive, "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            assertThat(paused.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(paused.status().message).contains("background analysis").contains("Inconclusive").contains("latency");
                            assertThat(single(paused, RolloutPaused.class).reason()).isEqualTo("InconclusiveAnalysis");
                            assertThat(events(paused)).noneMatch(e -> e instanceof TrafficShiftRequested);
                            return decide(plan, command(paused.status(), "promote"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> {
                            assertThat(o.status().pauseConditions).extracting(p -> p.reason).doesNotContain("InconclusiveAnalysis");
                            assertThat(o.status().currentStepIndex).as("the promote moved past setWeight").isEqualTo(1);
                        }),
                row("a promote during a step analysis cancels its run and moves on",
                        () -> {
                            Outcome requested = decide(routed(), acked(atStepIndex(2), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(routed(), command(requested.status(), "promote"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> {
                            assertThat(single(o, AnalysisCancelRequested.class).runName()).startsWith("web-bbb-").endsWith("-2");
                            assertThat(o.status().currentStepIndex).isEqualTo(3);
                        }),
                row("a promote-full during a step analysis cancels its run",
                        () -> {
                            Outcome requested = decide(routed(), acked(atStepIndex(2), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(routed(), command(requested.status(), "promote-full"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> assertThat(single(o, AnalysisCancelRequested.class).reason()).contains("promoted fully")),
                row("a dynamicStableScale abort keeps the canary's weight until the stable has all its pods again",
                        () -> decide(dynamic(), acked(aborted(atStep(0), T0), 50), "bbb", T0, rs("aaa", 5, 5), rs("bbb", 5, 5)),
                        o -> {
                            assertThat(events(o)).noneMatch(e -> e instanceof TrafficShiftRequested);
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 10));
                            assertThat(o.status().message).contains("traffic stays on the canary until the stable has 10 available pods (5 now)");
                        }),
                row("a dynamicStableScale abort says once that traffic stays on the canary however often it is reconciled",
                        () -> {
                            Outcome abort = decide(dynamic(), command(acked(atStep(0), 50), "abort"), "bbb", T0, rs("aaa", 5, 5), rs("bbb", 5, 5));
                            Outcome second = decide(dynamic(), abort.status(), "bbb", T0.plusSeconds(1), rs("aaa", 5, 5), rs("bbb", 5, 5));
                            return decide(dynamic(), second.status(), "bbb", T0.plusSeconds(2), rs("aaa", 7, 7), rs("bbb", 5, 5));
                        },
                        o -> {
                            assertThat(o.status().message.split("traffic stays on the canary", -1)).as(o.status().message).hasSize(2);
                            assertThat(o.status().message).endsWith("until the stable has 10 available pods (7 now)");
                        }),
                row("a dynamicStableScale abort moves traffic back once the stable pods are available",
                        () -> decide(dynamic(), acked(aborted(atStep(0), T0), 50), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 5, 5)),
                        o -> {
                            assertThat(single(o, TrafficShiftRequested.class).canaryWeight()).isZero();
                            assertThat(o.all(ScaleReplicaSet.class)).as("the canary keeps its pods meanwhile").isEmpty();
                        }),
                row("a failed progression check holds the weight, counts 1/5 and checks again under a new run name",
                        () -> {
                            Outcome checking = decide(progression(false), acked(atStepIndex(1), 20), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            AnalysisRequested first = single(checking, AnalysisRequested.class);
                            assertThat(first.builtInMetrics()).extracting(AnalysisRequested.BuiltInMetric::name).containsExactly("request-success-rate");
                            RolloutStatus failed = Statuses.copy(checking.status());
                            failed.canary.currentStepAnalysisRun.phase = RunPhase.Failed;
                            failed.canary.currentStepAnalysisRun.metricName = "request-success-rate";
                            failed.canary.currentStepAnalysisRun.value = "50.0";
                            return decide(progression(false), failed, "bbb", T0.plusSeconds(60), rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> {
                            assertThat(o.status().canary.failedChecks).isEqualTo(1);
                            assertThat(o.status().currentStepIndex).isEqualTo(1);
                            assertThat(single(o, AnalysisRequested.class).runName()).isEqualTo(o.status().canary.currentStepAnalysisRun.name);
                            assertThat(o.status().message).contains("request-success-rate measured 50.0").contains("1/5 failed checks")
                                    .contains("weight held");
                            assertThat(events(o)).noneMatch(e -> e instanceof StepStarted || e instanceof TrafficShiftRequested);
                        }),
                row("skipAnalysis advances after the interval without checks and says so",
                        () -> decide(progression(true), acked(atStepIndex(1), 20), "bbb", T0.plusSeconds(30), rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(events(o)).noneMatch(e -> e instanceof AnalysisRequested);
                            assertThat(o.status().message).contains("skipAnalysis").contains("without checks");
                            assertThat(o.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(30)));
                        }),
                row("replaying the same status emits nothing twice",
                        () -> {
                            Outcome first = decide(routed(), atStep(0), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 2, 2));
                            return decide(routed(), first.status(), "bbb", T0.plusSeconds(1), rs("aaa", 10, 10), rs("bbb", 2, 2));
                        },
                        o -> assertThat(events(o)).isEmpty()),
                row("a template back to the stable revision skips the steps and returns traffic to stable",
                        () -> decide(routed(), acked(atStep(0), 20), "aaa", T0, rs("aaa", 10, 10), rs("bbb", 2, 2)),
                        o -> {
                            assertThat(o.status().currentPodHash).isEqualTo("aaa");
                            assertThat(single(o, TrafficShiftRequested.class).canaryWeight()).isZero();
                            assertThat(events(o)).noneMatch(e -> e instanceof RevisionDetected);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void decides(String behaviour, Supplier<Outcome> when, Consumer<Outcome> then) {
        then.accept(when.get());
    }

    // --- fixtures

    static Arguments row(String name, Supplier<Outcome> when, Consumer<Outcome> then) {
        return Arguments.of(name, when, then);
    }

    static IntOrPercent pct(int v) {
        return new IntOrPercent(v, true);
    }

    static CanaryPlan plan(List<Step> steps, TrafficRouting routing, boolean deadlineAbort) {
        return new CanaryPlan(10, steps, pct(25), pct(25), routing, "web-stable", "web-canary", null, 0, Duration.ofMinutes(10),
                deadlineAbort, routing == null ? Duration.ZERO : Duration.ofSeconds(30), Duration.ofSeconds(30), false, false,
                routing == null ? "app" : "istio");
    }

    static CanaryPlan withBackground() {
        return new CanaryPlan(10, STEPS, pct(25), pct(25), ISTIO, "web-stable", "web-canary", SUCCESS_RATE, 0,
                Duration.ofMinutes(10), false, Duration.ofSeconds(30), Duration.ofSeconds(30), false, false, "istio");
    }

    static CanaryPlan dynamic() {
        return new CanaryPlan(10, STEPS, pct(25), pct(25), ISTIO, "web-stable", "web-canary", null, 0,
                Duration.ofMinutes(10), false, Duration.ZERO, Duration.ofSeconds(30), true, false, "istio");
    }

    /** setWeight 20, checks (request-success-rate, threshold 5, every 1m), setWeight 100, checks. */
    static CanaryPlan progression(boolean skip) {
        return plan(Progression.steps(new RolloutDefinition.ProgressionDef("1m", 20, List.of(), 100, null,
                List.of(new RolloutDefinition.MetricDef("request-success-rate", 99.0, null, null)), null, skip), Duration.ofMinutes(1))
                .subList(0, 2), ISTIO, false);
    }

    static CanaryPlan routed() {
        return plan(STEPS, ISTIO, false);
    }

    /** 4 replicas, maxSurge 1, maxUnavailable 0, no routing: setWeight 50, pause {}. */
    static CanaryPlan basic() {
        return new CanaryPlan(4, List.of(new Step.SetWeight(50), new Step.Pause(null)), new IntOrPercent(1, false),
                new IntOrPercent(0, false), null, null, null, null, 0, Duration.ofMinutes(10), false, Duration.ZERO,
                Duration.ofSeconds(30), false, false, "app");
    }

    static Outcome decide(CanaryPlan plan, RolloutStatus status, String hash, Instant now, ReplicaSetFacts... replicaSets) {
        return StepEngine.decide(new EngineInput(WEB, plan, hash, List.of(replicaSets), status, now));
    }

    static ReplicaSetFacts rs(String hash, int replicas, int available) {
        return new ReplicaSetFacts(hash, replicas, available, available);
    }

    static ReplicaSetFacts rs(String hash, int replicas, int available, Instant createdAt) {
        return new ReplicaSetFacts(hash, replicas, available, available, createdAt);
    }

    /** The routed plan with Argo's {@code scaleDownDelayRevisionLimit}. */
    static CanaryPlan revisionLimit(Integer limit) {
        CanaryPlan p = routed();
        return new CanaryPlan(p.replicas(), p.steps(), p.maxSurge(), p.maxUnavailable(), p.routing(), p.stableService(),
                p.canaryService(), p.background(), p.backgroundStartingStep(), p.progressDeadline(), p.progressDeadlineAbort(),
                p.scaleDownDelay(), p.abortScaleDownDelay(), p.dynamicStableScale(), p.paused(), p.metricsProvider(),
                p.sessionAffinity(), p.minPodsPerReplicaSet(), limit);
    }

    /** {@code base} with the abort delay that SpecValidation makes of {@code abortScaleDownDelaySeconds} (null: not set). */
    static CanaryPlan abortDelay(CanaryPlan base, Integer seconds) {
        RolloutDefinition.Canary spec = new RolloutDefinition.Canary("web-stable", "web-canary", null, null,
                SpecValidationTest.STEPS, null, null, true, SpecValidationTest.ISTIO, null, seconds, false, null);
        Duration delay = ((SpecValidation.Valid) SpecValidation.validate(SpecValidationTest.rollout(spec))).plan()
                .abortScaleDownDelay();
        CanaryPlan p = base;
        return new CanaryPlan(p.replicas(), p.steps(), p.maxSurge(), p.maxUnavailable(), p.routing(), p.stableService(),
                p.canaryService(), p.background(), p.backgroundStartingStep(), p.progressDeadline(), p.progressDeadlineAbort(),
                p.scaleDownDelay(), delay, p.dynamicStableScale(), p.paused(), p.metricsProvider(),
                p.sessionAffinity(), p.minPodsPerReplicaSet(), p.scaleDownDelayRevisionLimit());
    }

    /** ccc just promoted: the old ReplicaSets may wait until T0 + 30 s. */
    static RolloutStatus waitingForScaleDown() {
        RolloutStatus s = settledAt("ccc", "Progressing");
        s.scaleDownAt = T0.plusSeconds(30).toString();
        return s;
    }

    /** aaa (oldest), bbb, then ccc (current), each still with all its pods. */
    static ReplicaSetFacts[] threeRevisions() {
        return new ReplicaSetFacts[] {rs("aaa", 10, 10, T0.minusSeconds(600)), rs("bbb", 10, 10, T0.minusSeconds(60)),
                rs("ccc", 10, 10, T0)};
    }

    static RolloutStatus settledAt(String hash, String phase) {
        RolloutStatus s = Statuses.copy(null);
        s.stableRS = hash;
        s.currentPodHash = hash;
        s.currentStepIndex = STEPS.size();
        s.phase = RolloutPhase.of(phase);
        s.sequence = 4L;
        return s;
    }

    /** Revision bbb just detected over stable aaa (sequence 6: RevisionDetected 5, StepStarted 6). */
    static RolloutStatus atStep(int index) {
        Outcome detected = decide(routed(), settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10));
        RolloutStatus s = detected.status();
        assertThat(s.sequence).isEqualTo(6);
        s.currentStepIndex = index;
        return s;
    }

    static RolloutStatus atStepIndex(int index) {
        RolloutStatus s = atStep(index);
        s.currentStepStartedAt = T0.toString();
        return s;
    }

    static RolloutStatus basicAtStep() {
        Outcome detected = decide(basic(), settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 4, 4));
        return detected.status();
    }

    static RolloutStatus requested(RolloutStatus s, int weight) {
        s = Statuses.copy(s);
        s.sequence = s.sequence + 1;
        s.canary.requestedWeight = weight;
        s.canary.requestedSequence = s.sequence;
        return s;
    }

    static RolloutStatus acked(RolloutStatus s, int weight) {
        s = requested(s, weight);
        s.canary.acknowledgedSequence = s.canary.requestedSequence;
        s.canary.weight = weight;
        return s;
    }

    static RolloutStatus failedShift(RolloutStatus s, Instant at) {
        s = Statuses.copy(s);
        s.canary.shiftFailures = 1;
        s.canary.shiftFailureReason = "istio VirtualService shop/web-vs: route primary not found";
        s.canary.shiftRetryAt = at.plus(StepEngine.shiftBackoff(1)).toString();
        return s;
    }

    static RolloutStatus verdict(RolloutStatus s, String phase, String metric, String value) {
        s = Statuses.copy(s);
        AnalysisRunStatusRef ref = new AnalysisRunStatusRef();
        ref.name = "web-bbb-2";
        ref.requestSequence = s.sequence;
        ref.phase = RunPhase.of(phase);
        ref.metricName = metric;
        ref.value = value;
        ref.message = phase.equals("Successful") ? null : "condition not met";
        s.canary.currentStepAnalysisRun = ref;
        return s;
    }

    static RolloutStatus aborted(RolloutStatus s, Instant at) {
        s = Statuses.copy(s);
        s.abort = true;
        s.abortedAt = at.toString();
        s.phase = RolloutPhase.Degraded;
        return s;
    }

    static RolloutStatus command(RolloutStatus s, String command) {
        return InputRecorder.command(s, RolloutCommandName.of(command), command + "-1", null, "tester", "because", T0).orElseThrow();
    }

    static List<RolloutStepEvent> events(Outcome o) {
        List<RolloutStepEvent> events = new ArrayList<>();
        o.all(Publish.class).forEach(p -> events.add(p.event()));
        return events;
    }

    static <T> T single(Outcome o, Class<T> type) {
        List<T> found = events(o).stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("exactly one %s in %s", type.getSimpleName(), events(o)).hasSize(1);
        return found.get(0);
    }
}
