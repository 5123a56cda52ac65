package dev.sluice.controller.rollout.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.AnalysisSpec;
import dev.sluice.controller.rollout.Decision.Publish;
import dev.sluice.controller.rollout.Decision.RequeueAfter;
import dev.sluice.controller.rollout.Decision.ScaleReplicaSet;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.InputRecorder;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.RolloutRef;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.AbortCause;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blue-green state machine, one behaviour per row. Each row drives a small simulated cluster ({@link World}):
 * the engine decides, the world carries the decisions out (Service selectors counted per write, ReplicaSets scaled and
 * their pods made available as a real controller would, unless told otherwise), Kafka inputs are recorded in status
 * through {@link InputRecorder} exactly as the inbox does, and time moves only when a row says so.
 */
class BlueGreenEngineTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final RolloutRef WEB = new RolloutRef("shop", "web", "uid-1", 3);
    static final AnalysisSpec SMOKE = new AnalysisSpec(List.of(new AnalysisRequested.TemplateRef("smoke", false)),
            List.of(new AnalysisRequested.Arg("service", "web-preview", null)), List.of());
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web-vs", List.of("primary"), null, null)), null));

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a first revision becomes active without a preview and turns Healthy once its pods are available",
                        () -> {
                            World w = new World(auto());
                            Outcome first = w.next().last;
                            assertThat(events(first)).singleElement().isInstanceOfSatisfying(RevisionDetected.class, e -> {
                                assertThat(e.strategy()).isEqualTo("blueGreen");
                                assertThat(e.stableRevision()).isNull();
                            });
                            assertThat(first.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 4));
                            return w.next();
                        },
                        w -> {
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Healthy);
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.preview).isEqualTo("aaa");
                            assertThat(events(w.last)).singleElement().isInstanceOf(RolloutCompleted.class);
                        }),
                row("a new revision gets its own ReplicaSet at previewReplicaCount behind the preview Service while active stays on blue",
                        () -> healthy(manual(2)).template("bbb").next(),
                        w -> {
                            assertThat(single(w.last, RevisionDetected.class).stableRevision()).isEqualTo("aaa");
                            assertThat(single(w.last, RevisionDetected.class).strategy()).isEqualTo("blueGreen");
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 2));
                            assertThat(w.preview).isEqualTo("bbb");
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.activeWrites).isZero();
                            assertThat(w.status.message).isEqualTo("preview: waiting for 2 pod(s) of revision bbb (0/2 available)");
                        }),
                row("with automatic promotion a ready preview is switched in one write and blue is kept for scaleDownDelaySeconds",
                        () -> healthy(auto()).template("bbb").next().next(),
                        w -> {
                            assertThat(single(w.last, RolloutPromoted.class).previousRevision()).isEqualTo("aaa");
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.activeWrites).isEqualTo(1);
                            assertThat(w.replicas("aaa")).isEqualTo(4);
                            assertThat(w.status.blueGreen.switchedAt).isEqualTo(T0.toString());
                            assertThat(w.status.blueGreen.scaleDownAt).isEqualTo(T0.plusSeconds(30).toString());
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(30)));
                            assertThat(w.status.stableRS).as("blue stays the way back until the window closes").isEqualTo("aaa");
                        }),
                row("blue scales down once scaleDownDelaySeconds passed, and the new revision turns Healthy and says so once",
                        () -> {
                            World w = healthy(auto()).template("bbb").next().next();
                            w.at(Duration.ofSeconds(29)).next();
                            assertThat(w.last.all(ScaleReplicaSet.class)).isEmpty();
                            w.at(Duration.ofSeconds(30)).next();
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 0));
                            return w.next();
                        },
                        w -> {
                            assertThat(w.status.stableRS).isEqualTo("bbb");
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Healthy);
                            assertThat(single(w.last, RolloutCompleted.class).revision()).isEqualTo("bbb");
                            assertThat(events(w.next().last)).isEmpty();
                            assertThat(w.activeWrites).isEqualTo(1);
                        }),
                row("with autoPromotionEnabled false a ready preview pauses with BlueGreenPause and a message naming the preview",
                        () -> healthy(manual(4)).template("bbb").next().next(),
                        w -> {
                            RolloutPaused paused = single(w.last, RolloutPaused.class);
                            assertThat(paused.reason()).isEqualTo("BlueGreenPause");
                            assertThat(paused.until()).isNull();
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(w.status.message).isEqualTo("waiting for promotion: preview web-preview serves revision bbb");
                            assertThat(w.status.pauseConditions).extracting(p -> p.reason).containsExactly("BlueGreenPause");
                            w.at(Duration.ofHours(2)).next();
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(events(w.last)).isEmpty();
                        }),
                row("a promote command ends the manual pause: green scales to full size first, the switch follows once it is available",
                        () -> {
                            World w = healthy(manual(2)).template("bbb").next().next();
                            w.podsBecomeReady = false;
                            w.command("promote").next();
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 4));
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.status.message).startsWith("promoted by tester: scaling revision bbb to 4 pod(s) before the switch (2/4");
                            return w.allReady().next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.activeWrites).isEqualTo(1);
                            assertThat(w.status.pauseConditions).isEmpty();
                            assertThat(w.status.blueGreen.promotedBy).isEqualTo("promoted by tester");
                        }),
                row("a promote command that arrives before the preview is ready promotes as soon as it is",
                        () -> {
                            World w = healthy(manual(4));
                            w.podsBecomeReady = false;
                            w.template("bbb").next().command("promote").next();
                            assertThat(w.active).isEqualTo("aaa");
                            return w.allReady().next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.all).noneMatch(e -> e instanceof RolloutPaused);
                        }),
                row("autoPromotionSeconds holds the ready preview for that long, then promotes without a command",
                        () -> {
                            World w = healthy(plan(true, Duration.ofSeconds(60), 4, null, null, null)).template("bbb")
                                    .next().next();
                            assertThat(single(w.last, RolloutPaused.class).until()).isEqualTo(T0.plusSeconds(60));
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(60)));
                            w.at(Duration.ofSeconds(59)).next();
                            assertThat(w.active).isEqualTo("aaa");
                            return w.at(Duration.ofSeconds(60)).next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.status.blueGreen.promotedBy).isEqualTo("promoted after autoPromotionSeconds (1m)");
                            assertThat(w.status.pauseConditions).isEmpty();
                        }),
                row("prePromotionAnalysis runs against the preview once it is ready, and its success lets the switch happen",
                        () -> {
                            World w = healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next();
                            AnalysisRequested request = single(w.last, AnalysisRequested.class);
                            assertThat(request.kind()).isEqualTo(AnalysisRequested.Kind.PRE_PROMOTION);
                            assertThat(request.runName()).isEqualTo("web-bbb-" + request.sequence() + "-pre");
                            assertThat(request.canaryService()).isEqualTo("web-preview");
                            assertThat(request.stableService()).isEqualTo("web-active");
                            assertThat(request.canaryHash()).isEqualTo("bbb");
                            assertThat(request.stableHash()).isEqualTo("aaa");
                            w.next();
                            assertThat(events(w.last)).as("waits without asking again").isEmpty();
                            return w.verdict(true, AnalysisPhase.Successful, null, null).next().next();
                        },
                        w -> assertThat(w.active).isEqualTo("bbb")),
                row("a failed prePromotionAnalysis aborts: preview Service back on blue, blue untouched, Degraded naming the metric and value",
                        () -> healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next()
                                .verdict(true, AnalysisPhase.Failed, "error-rate", "0.31").next(),
                        w -> {
                            RolloutAborted aborted = single(w.last, RolloutAborted.class);
                            assertThat(aborted.metricName()).isEqualTo("error-rate");
                            assertThat(aborted.measuredValue()).isEqualTo("0.31");
                            assertThat(aborted.cause()).isEqualTo(AbortCause.Analysis);
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Degraded);
                            assertThat(w.status.message).containsPattern("prePromotionAnalysis web-bbb-\\d+-pre Failed: metric error-rate measured 0.31")
                                    .contains("active web-active stays on aaa, preview removed");
                            assertThat(w.activeWrites).isZero();
                            assertThat(w.preview).isEqualTo("aaa");
                            assertThat(w.replicas("aaa")).isEqualTo(4);
                            assertThat(w.at(Duration.ofSeconds(30)).next().replicas("bbb")).isZero();
                        }),
                row("after an abort the preview pods stay up for abortScaleDownDelaySeconds (30 s by default) and then scale down",
                        () -> {
                            World w = healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next()
                                    .at(Duration.ofSeconds(5)).verdict(true, AnalysisPhase.Failed, "error-rate", "0.31").next();
                            assertThat(w.preview).as("the preview Service leaves green at once").isEqualTo("aaa");
                            assertThat(w.last.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(w.replicas("bbb")).isEqualTo(2);
                            assertThat(w.status.message).endsWith("(preview bbb kept until " + T0.plusSeconds(35) + ")");
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(30)));
                            w.at(Duration.ofSeconds(34)).next();
                            assertThat(w.replicas("bbb")).isEqualTo(2);
                            return w.at(Duration.ofSeconds(35)).next();
                        },
                        w -> {
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 0));
                            assertThat(w.status.message).doesNotContain("kept until");
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Degraded);
                        }),
                row("with abortScaleDownDelaySeconds 90 the aborted preview stays up 90 s",
                        () -> {
                            World w = healthy(abortDelay(manual(2), Duration.ofSeconds(90))).template("bbb").next().next()
                                    .command("abort").next();
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(90)));
                            w.at(Duration.ofSeconds(89)).next();
                            assertThat(w.replicas("bbb")).isEqualTo(2);
                            return w.at(Duration.ofSeconds(90)).next();
                        },
                        w -> assertThat(w.replicas("bbb")).isZero()),
                row("with abortScaleDownDelaySeconds 0 the aborted preview is never scaled down and no wake-up is asked for it",
                        () -> healthy(abortDelay(manual(2), null)).template("bbb").next().next().command("abort").next()
                                .at(Duration.ofDays(1)).next(),
                        w -> {
                            assertThat(w.replicas("bbb")).isEqualTo(2);
                            assertThat(w.last.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(w.last.all(RequeueAfter.class)).isEmpty();
                            assertThat(w.preview).isEqualTo("aaa");
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.status.message).endsWith("(preview bbb kept up: abortScaleDownDelaySeconds is 0)");
                        }),
                row("a retry inside abortScaleDownDelaySeconds reuses the preview pods still up",
                        () -> healthy(manual(2)).template("bbb").next().next().command("abort").next()
                                .at(Duration.ofSeconds(10)).command("retry").next(),
                        w -> {
                            assertThat(w.last.all(ScaleReplicaSet.class)).isEmpty();
                            assertThat(w.preview).isEqualTo("bbb");
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Paused);
                        }),
                row("the abort delay counts from the abort, not from when the active Service got back to blue",
                        () -> {
                            World w = healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next();
                            w.at(Duration.ofSeconds(30)).next();
                            w.podsBecomeReady = false;
                            w.at(Duration.ofSeconds(40)).verdict(false, AnalysisPhase.Failed, "error-rate", "0.2").next();
                            w.allReady().at(Duration.ofSeconds(50)).next();
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.replicas("bbb")).isEqualTo(4);
                            assertThat(w.status.message).endsWith("(preview bbb kept until " + T0.plusSeconds(70) + ")");
                            return w.at(Duration.ofSeconds(70)).next();
                        },
                        w -> assertThat(w.replicas("bbb")).isZero()),
                row("an Inconclusive prePromotionAnalysis pauses until a promote command accepts it",
                        () -> {
                            World w = healthy(plan(true, null, 4, SMOKE, null, null)).template("bbb").next().next()
                                    .verdict(true, AnalysisPhase.Inconclusive, "latency", "210").next();
                            assertThat(single(w.last, RolloutPaused.class).reason()).isEqualTo("InconclusiveAnalysis");
                            assertThat(w.status.message).contains("paused until promoted or aborted: `kubectl sluice promote web`");
                            assertThat(w.status.conditions).anySatisfy(c -> {
                                assertThat(c.type).isEqualTo("InconclusiveAnalysis");
                                assertThat(c.status).isEqualTo("True");
                                assertThat(c.message).contains("latency").contains("`kubectl sluice abort web`");
                            });
                            assertThat(w.active).isEqualTo("aaa");
                            return w.command("promote").next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.status.conditions).noneMatch(c -> c.type.equals("InconclusiveAnalysis"));
                        }),
                row("postPromotionAnalysis starts after the switch and compares green with blue",
                        () -> healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next(),
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            AnalysisRequested request = single(w.last, AnalysisRequested.class);
                            assertThat(request.kind()).isEqualTo(AnalysisRequested.Kind.POST_PROMOTION);
                            assertThat(request.runName()).isEqualTo("web-bbb-" + request.sequence() + "-post");
                            assertThat(request.sequence()).isGreaterThan(single(w.last, RolloutPromoted.class).sequence());
                            assertThat(w.status.message).isEqualTo("waiting for the verdict of postPromotionAnalysis " + request.runName()
                                    + " while aaa is kept until " + T0.plusSeconds(30));
                        }),
                row("a postPromotionAnalysis failure inside the window switches active back to blue at once and says so",
                        () -> healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next()
                                .at(Duration.ofSeconds(10)).verdict(false, AnalysisPhase.Failed, "error-rate", "0.2").next(),
                        w -> {
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.activeWrites).as("switch, then switch back").isEqualTo(2);
                            assertThat(single(w.last, RolloutAborted.class).reason())
                                    .containsPattern("postPromotionAnalysis web-bbb-\\d+-post Failed: metric error-rate measured 0.2")
                                    .contains("switching active web-active back to aaa (still up)");
                            assertThat(w.status.blueGreen.switchedBackAt).isEqualTo(T0.plusSeconds(10).toString());
                            assertThat(w.last.all(ScaleReplicaSet.class)).as("green waits out abortScaleDownDelaySeconds").isEmpty();
                            assertThat(w.at(Duration.ofSeconds(40)).next().last.all(ScaleReplicaSet.class))
                                    .containsExactly(new ScaleReplicaSet("bbb", 0));
                        }),
                row("a postPromotionAnalysis failure after the window scales blue back up and switches back only once it is available",
                        () -> {
                            World w = healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next();
                            w.at(Duration.ofSeconds(30)).next();
                            assertThat(w.replicas("aaa")).as("blue scaled down while the analysis still runs").isZero();
                            assertThat(w.status.stableRS).as("but green is not stable before the verdict").isEqualTo("aaa");
                            w.podsBecomeReady = false;
                            w.at(Duration.ofSeconds(40)).verdict(false, AnalysisPhase.Failed, "error-rate", "0.2").next();
                            assertThat(single(w.last, RolloutAborted.class).reason())
                                    .contains("aaa was already scaled down: scaling it back up, active web-active stays on bbb");
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 4));
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.status.message).endsWith("(waiting for aaa: 0/4 available)");
                            return w.allReady().at(Duration.ofSeconds(70)).next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 0));
                            assertThat(w.decisionsOf(w.last).indexOf(Decision.PointBlueGreenServices.class))
                                    .as("selectors move before green scales down")
                                    .isLessThan(w.decisionsOf(w.last).indexOf(ScaleReplicaSet.class));
                            assertThat(w.status.message).doesNotContain("waiting for aaa");
                        }),
                row("the revision completes only once postPromotionAnalysis passed, even after the window closed",
                        () -> {
                            World w = healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next();
                            w.at(Duration.ofSeconds(45)).next();
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Progressing);
                            return w.verdict(false, AnalysisPhase.Successful, null, null).next().next();
                        },
                        w -> {
                            assertThat(w.status.stableRS).isEqualTo("bbb");
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Healthy);
                        }),
                row("an abort command before the switch leaves the active Service untouched and removes the preview",
                        () -> healthy(manual(2)).template("bbb").next().next().command("abort").next(),
                        w -> {
                            assertThat(single(w.last, RolloutAborted.class).reason())
                                    .isEqualTo("aborted by tester: because; active web-active stays on aaa, preview removed");
                            assertThat(single(w.last, RolloutAborted.class).cause()).isEqualTo(AbortCause.Command);
                            assertThat(w.activeWrites).isZero();
                            assertThat(w.preview).isEqualTo("aaa");
                            assertThat(w.status.pauseConditions).isEmpty();
                            assertThat(w.at(Duration.ofSeconds(30)).next().replicas("bbb")).isZero();
                        }),
                row("an abort command after the switch returns active to blue in one write while blue is still up",
                        () -> healthy(auto()).template("bbb").next().next().at(Duration.ofSeconds(20))
                                .command("abort").next(),
                        w -> {
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.activeWrites).isEqualTo(2);
                            assertThat(w.status.message).contains("switching active web-active back to aaa (still up)");
                            assertThat(w.replicas("aaa")).isEqualTo(4);
                            assertThat(w.at(Duration.ofSeconds(50)).next().replicas("bbb")).isZero();
                        }),
                row("retry after an aborted preview starts the same revision again with a fresh analysis run name",
                        () -> healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next()
                                .verdict(true, AnalysisPhase.Failed, "error-rate", "0.31").next()
                                .at(Duration.ofSeconds(30)).next().command("retry").next().next(),
                        w -> {
                            assertThat(w.status.abort).isNull();
                            assertThat(w.status.retryCount).isEqualTo(1);
                            assertThat(w.replicas("bbb")).isEqualTo(2);
                            assertThat(w.preview).isEqualTo("bbb");
                            assertThat(single(w.last, AnalysisRequested.class).runName()).as("a new run for the retry").matches("web-bbb-\\d+-pre")
                                    .isNotEqualTo(w.all.stream().filter(e -> e instanceof AnalysisRequested).map(e -> ((AnalysisRequested) e).runName()).findFirst().orElseThrow());
                            assertThat(w.all).as("a retry is the same revision, not a new one").filteredOn(e -> e instanceof RevisionDetected).hasSize(1);
                        }),
                row("a third revision arriving mid-preview replaces the preview and cancels its analysis",
                        () -> healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next()
                                .template("ccc").next(),
                        w -> {
                            assertThat(single(w.last, AnalysisCancelRequested.class).runName()).matches("web-bbb-\\d+-pre");
                            assertThat(single(w.last, RevisionDetected.class).stableRevision()).isEqualTo("aaa");
                            assertThat(w.last.all(ScaleReplicaSet.class))
                                    .containsExactlyInAnyOrder(new ScaleReplicaSet("ccc", 2), new ScaleReplicaSet("bbb", 0));
                            assertThat(w.preview).isEqualTo("ccc");
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.status.blueGreen.prePromotionAnalysisRun).isNull();
                        }),
                row("a new revision after the switch is compared with the revision already serving, and the old blue still waits out its window",
                        () -> healthy(plan(true, null, 4, null, SMOKE, null)).template("bbb").next().next()
                                .at(Duration.ofSeconds(5)).template("ccc").next(),
                        w -> {
                            assertThat(w.status.stableRS).isEqualTo("bbb");
                            assertThat(single(w.last, RevisionDetected.class).stableRevision()).isEqualTo("bbb");
                            assertThat(single(w.last, AnalysisCancelRequested.class).runName()).matches("web-bbb-\\d+-post");
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.preview).isEqualTo("ccc");
                            assertThat(w.replicas("aaa")).isEqualTo(4);
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofSeconds(25)));
                        }),
                row("with trafficRouting the switch is also requested from traffic-svc at weight 100 and the way back at weight 0",
                        () -> {
                            World w = healthy(plan(true, null, 4, null, null, ISTIO)).template("bbb").next().next();
                            TrafficShiftRequested shift = single(w.last, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isEqualTo(100);
                            assertThat(shift.stableService()).isEqualTo("web-active");
                            assertThat(shift.canaryService()).isEqualTo("web-preview");
                            assertThat(shift.stableHash()).isEqualTo("aaa");
                            assertThat(shift.canaryHash()).isEqualTo("bbb");
                            assertThat(w.active).isEqualTo("bbb");
                            return w.shifted(100).at(Duration.ofSeconds(5)).command("abort").next();
                        },
                        w -> {
                            assertThat(single(w.last, TrafficShiftRequested.class).canaryWeight()).isZero();
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.replicas("bbb")).as("green waits for the routers to leave it").isEqualTo(4);
                            w.shifted(0).next();
                            assertThat(w.replicas("bbb")).as("then abortScaleDownDelaySeconds from the abort").isEqualTo(4);
                            assertThat(w.at(Duration.ofSeconds(35)).next().replicas("bbb")).isZero();
                        }),
                row("with trafficRouting the completed revision returns the routers to weight 0 before it is Healthy",
                        () -> healthy(plan(true, null, 4, null, null, ISTIO)).template("bbb").next().next()
                                .shifted(100).at(Duration.ofSeconds(30)).next(),
                        w -> {
                            TrafficShiftRequested shift = single(w.last, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.stableHash()).isEqualTo("bbb");
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Progressing);
                            w.shifted(0).next();
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Healthy);
                        }),
                row("a pause command holds the preview before the switch and resume releases it",
                        () -> {
                            World w = healthy(auto()).template("bbb").next().command("pause").next();
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(w.active).isEqualTo("aaa");
                            return w.command("resume").next();
                        },
                        w -> assertThat(w.active).isEqualTo("bbb")),
                row("preview pods that never become available mark the rollout Degraded after progressDeadlineSeconds and keep waiting",
                        () -> {
                            World w = healthy(manual(2));
                            w.podsBecomeReady = false;
                            w.template("bbb").next();
                            assertThat(w.last.all(RequeueAfter.class)).containsExactly(new RequeueAfter(Duration.ofMinutes(10)));
                            return w.at(Duration.ofMinutes(10)).next();
                        },
                        w -> {
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Degraded);
                            assertThat(w.status.abort).isNull();
                            assertThat(w.status.message).isEqualTo("revision bbb made no progress for 10m "
                                    + "(preview: waiting for 2 pod(s) of revision bbb (0/2 available))");
                            assertThat(w.status.conditions).anySatisfy(c -> assertThat(c.reason).isEqualTo("ProgressDeadlineExceeded"));
                            w.allReady().next();
                            assertThat(w.status.phase).isEqualTo(RolloutPhase.Paused);
                        }),
                row("with progressDeadlineAbort a promotion whose green never fills up aborts and leaves blue active",
                        () -> {
                            BlueGreenPlan p = plan(false, null, 2, null, null, null);
                            World w = healthy(new BlueGreenPlan(p.replicas(), p.activeService(), p.previewService(), false, null,
                                    p.scaleDownDelay(), 2, null, null, null, false, "app", Duration.ofMinutes(10), true, p.abortScaleDownDelay(), null));
                            w.template("bbb").next().next();
                            w.podsBecomeReady = false;
                            return w.command("promote").next().at(Duration.ofMinutes(10)).next();
                        },
                        w -> {
                            assertThat(single(w.last, RolloutAborted.class).cause()).isEqualTo(AbortCause.ProgressDeadlineExceeded);
                            assertThat(single(w.last, RolloutAborted.class).reason())
                                    .startsWith("revision bbb made no progress for 10m (promoted by tester: scaling revision bbb to 4 pod(s)")
                                    .endsWith("active web-active stays on aaa, preview removed");
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.at(Duration.ofMinutes(10).plusSeconds(30)).next().replicas("bbb")).isZero();
                        }),
                row("a newer revision arriving while blue is still coming back keeps active on the pods that serve",
                        () -> {
                            World w = healthy(plan(false, null, 4, null, SMOKE, null)).template("bbb").next().next()
                                    .command("promote").next();
                            assertThat(w.active).isEqualTo("bbb");
                            w.at(Duration.ofSeconds(30)).next();
                            w.podsBecomeReady = false;
                            w.at(Duration.ofSeconds(40)).verdict(false, AnalysisPhase.Failed, "error-rate", "0.2").next();
                            assertThat(w.active).isEqualTo("bbb");
                            return w.template("ccc").next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.status.message).endsWith("(active web-active stays on bbb until aaa has available pods)");
                            w.allReady().next();
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.preview).isEqualTo("ccc");
                        }),
                row("without scaleDownDelayRevisionLimit a second switch inside the window keeps both older revisions up",
                        () -> healthy(auto()).template("bbb").next().next().at(Duration.ofSeconds(5)).template("ccc").next().next(),
                        w -> {
                            assertThat(w.active).isEqualTo("ccc");
                            assertThat(w.replicas("aaa")).isEqualTo(4);
                            assertThat(w.replicas("bbb")).isEqualTo(4);
                        }),
                row("with scaleDownDelayRevisionLimit 1 a second switch inside the window scales the oldest revision down at once",
                        () -> {
                            World w = healthy(revisionLimit(auto(), 1)).template("bbb").next().next();
                            w.at(Duration.ofSeconds(5)).template("ccc").next();
                            assertThat(w.replicas("aaa")).as("still the only revision waiting").isEqualTo(4);
                            return w.next();
                        },
                        w -> {
                            assertThat(w.active).isEqualTo("ccc");
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 0));
                            assertThat(w.replicas("bbb")).as("the previous active revision keeps its window").isEqualTo(4);
                            assertThat(w.at(Duration.ofSeconds(35)).next().replicas("bbb")).isZero();
                        }),
                row("with scaleDownDelayRevisionLimit 0 the previous active revision scales down at the switch",
                        () -> healthy(revisionLimit(auto(), 0)).template("bbb").next().next(),
                        w -> {
                            assertThat(w.active).isEqualTo("bbb");
                            assertThat(w.decisionsOf(w.last).indexOf(Decision.PointBlueGreenServices.class))
                                    .isLessThan(w.decisionsOf(w.last).indexOf(ScaleReplicaSet.class));
                            assertThat(w.last.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("aaa", 0));
                        }),
                row("replaying the same status emits nothing twice",
                        () -> healthy(plan(true, null, 2, SMOKE, null, null)).template("bbb").next().next()
                                .at(Duration.ofSeconds(1)).next(),
                        w -> {
                            assertThat(events(w.last)).isEmpty();
                            assertThat(w.all).filteredOn(e -> e instanceof AnalysisRequested).hasSize(1);
                            assertThat(w.all).extracting(RolloutStepEvent::sequence).doesNotHaveDuplicates().isSorted();
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void decides(String behaviour, Supplier<World> when, Consumer<World> then) {
        then.accept(when.get());
    }

    // --- plans

    static BlueGreenPlan plan(boolean auto, Duration autoSeconds, int preview, AnalysisSpec pre, AnalysisSpec post,
            TrafficRouting routing) {
        return new BlueGreenPlan(4, "web-active", "web-preview", auto, autoSeconds, Duration.ofSeconds(30), preview, pre, post,
                routing, false, routing == null ? "app" : "istio", Duration.ofMinutes(10), false, Duration.ofSeconds(30), null);
    }

    /** {@code base} with Argo's {@code scaleDownDelayRevisionLimit}. */
    static BlueGreenPlan revisionLimit(BlueGreenPlan p, Integer limit) {
        return new BlueGreenPlan(p.replicas(), p.activeService(), p.previewService(), p.autoPromotionEnabled(),
                p.autoPromotionSeconds(), p.scaleDownDelay(), p.previewReplicaCount(), p.prePromotion(), p.postPromotion(),
                p.routing(), p.paused(), p.metricsProvider(), p.progressDeadline(), p.progressDeadlineAbort(),
                p.abortScaleDownDelay(), limit);
    }

    /** {@code base} with another {@code abortScaleDownDelay} (null: abortScaleDownDelaySeconds 0). */
    static BlueGreenPlan abortDelay(BlueGreenPlan base, Duration delay) {
        BlueGreenPlan p = base;
        return new BlueGreenPlan(p.replicas(), p.activeService(), p.previewService(), p.autoPromotionEnabled(),
                p.autoPromotionSeconds(), p.scaleDownDelay(), p.previewReplicaCount(), p.prePromotion(), p.postPromotion(),
                p.routing(), p.paused(), p.metricsProvider(), p.progressDeadline(), p.progressDeadlineAbort(), delay, p.scaleDownDelayRevisionLimit());
    }

    static BlueGreenPlan auto() {
        return plan(true, null, 4, null, null, null);
    }

    static BlueGreenPlan manual(int preview) {
        return plan(false, null, preview, null, null, null);
    }

    /** Revision aaa active and Healthy at T0, with the events it took to get there already published. */
    static World healthy(BlueGreenPlan plan) {
        World w = new World(plan).next().next();
        assertThat(w.status.phase).isEqualTo(RolloutPhase.Healthy);
        w.all.clear();
        return w;
    }

    static Arguments row(String name, Supplier<World> when, Consumer<World> then) {
        return Arguments.of(name, when, then);
    }

    static List<RolloutStepEvent> events(Outcome o) {
        return o.all(Publish.class).stream().map(Publish::event).toList();
    }

    static <T> T single(Outcome o, Class<T> type) {
        List<T> found = events(o).stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("exactly one %s in %s", type.getSimpleName(), events(o)).hasSize(1);
        return found.get(0);
    }

    /**
     * A small cluster: two Services whose selectors are written only when they change (and counted), ReplicaSets whose
     * pods become available when scaled (unless {@link #podsBecomeReady} is false), and a clock that moves on request.
     */
    static final class World {
        final BlueGreenPlan plan;
        final Map<String, ReplicaSetFacts> replicaSets = new LinkedHashMap<>();
        final List<RolloutStepEvent> all = new ArrayList<>();
        RolloutStatus status = new RolloutStatus();
        String template = "aaa";
        Instant now = T0;
        boolean podsBecomeReady = true;
        String active;
        String preview;
        int activeWrites;
        Outcome last;

        World(BlueGreenPlan plan) {
            this.plan = plan;
        }

        World template(String hash) {
            template = hash;
            activeWrites = 0;
            return this;
        }

        World at(Duration sinceT0) {
            now = T0.plus(sinceT0);
            return this;
        }

        /** One reconcile: the engine decides, the world carries the decisions out in their order. */
        World next() {
            last = BlueGreenEngine.decide(new BlueGreenInput(WEB, plan, template, List.copyOf(replicaSets.values()), status, now));
            for (Decision d : last.decisions()) {
                if (d instanceof Decision.PointBlueGreenServices p) {
                    if (active != null && !Objects.equals(active, p.activeHash())) {
                        activeWrites++;
                    }
                    active = p.activeHash();
                    preview = p.previewHash();
                } else if (d instanceof ScaleReplicaSet scale) {
                    ReplicaSetFacts before = replicaSets.getOrDefault(scale.hash(), ReplicaSetFacts.absent(scale.hash()));
                    int available = podsBecomeReady ? scale.replicas() : Math.min(before.availableReplicas(), scale.replicas());
                    replicaSets.put(scale.hash(), new ReplicaSetFacts(scale.hash(), scale.replicas(), available, available,
                            before.createdAt() == null ? now : before.createdAt()));
                } else if (d instanceof Publish p) {
                    all.add(p.event());
                }
            }
            status = last.status();
            return this;
        }

        World allReady() {
            replicaSets.replaceAll((hash, rs) -> new ReplicaSetFacts(hash, rs.replicas(), rs.replicas(), rs.replicas(), rs.createdAt()));
            podsBecomeReady = true;
            return this;
        }

        int replicas(String hash) {
            ReplicaSetFacts rs = replicaSets.get(hash);
            return rs == null ? 0 : rs.replicas();
        }

        World command(String command) {
            status = InputRecorder.command(status, RolloutCommandName.of(command), command + "-" + all.size() + "-" + now, null, "tester", "because", now)
                    .orElseThrow();
            return this;
        }

        World verdict(boolean pre, AnalysisPhase phase, String metric, String value) {
            AnalysisRunStatusRef ref = pre ? status.blueGreen.prePromotionAnalysisRun : status.blueGreen.postPromotionAnalysisRun;
            status = InputRecorder.analysisCompleted(status, WEB.uid(), new AnalysisCompleted(WEB.id(), WEB.uid(), template, ref.name,
                    ref.requestSequence, phase, metric, value, phase == AnalysisPhase.Successful ? "all metrics passed"
                            : "condition not met", now)).orElseThrow();
            return this;
        }

        World shifted(int weight) {
            status = InputRecorder.shifted(status, WEB.uid(), new TrafficShifted(WEB.id(), WEB.uid(), template, 0,
                    status.canary.requestedSequence, now, weight, List.of())).orElseThrow();
            return this;
        }

        List<Class<?>> decisionsOf(Outcome o) {
            return o.decisions().stream().<Class<?>>map(Object::getClass).toList();
        }
    }
}
