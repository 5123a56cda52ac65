package dev.sluice.controller.rollout;

import static dev.sluice.controller.rollout.StepEngineTest.T0;
import static dev.sluice.controller.rollout.StepEngineTest.acked;
import static dev.sluice.controller.rollout.StepEngineTest.aborted;
import static dev.sluice.controller.rollout.StepEngineTest.command;
import static dev.sluice.controller.rollout.StepEngineTest.decide;
import static dev.sluice.controller.rollout.StepEngineTest.events;
import static dev.sluice.controller.rollout.StepEngineTest.rs;
import static dev.sluice.controller.rollout.StepEngineTest.settledAt;
import static dev.sluice.controller.rollout.StepEngineTest.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Decision.ScaleReplicaSet;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.StepStarted;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canary engine with Argo's {@code rollbackWindow}: one behaviour per row. */
class CanaryRollbackWindowTest {
    /** aaa (oldest), bbb, then ccc (stable); aaa and bbb scaled down but still there. */
    static final ReplicaSetFacts AAA = rs("aaa", 0, 0, T0.minusSeconds(7200));
    static final ReplicaSetFacts BBB = rs("bbb", 0, 0, T0.minusSeconds(3600));
    static final ReplicaSetFacts CCC = rs("ccc", 10, 10, T0.minusSeconds(60));
    static final String WITHIN = "rollback to revision bbb (1 revision before the stable ccc) is within rollbackWindow.revisions 1";

    /** The routed plan (setWeight 20, pause 5m, analysis, setWeight 50, pause {}) with a background analysis. */
    static CanaryPlan windowed(Integer revisions) {
        CanaryPlan p = StepEngineTest.withBackground();
        return new CanaryPlan(p.replicas(), p.steps(), p.maxSurge(), p.maxUnavailable(), p.routing(), p.stableService(),
                p.canaryService(), p.background(), p.backgroundStartingStep(), p.progressDeadline(), p.progressDeadlineAbort(),
                p.scaleDownDelay(), p.abortScaleDownDelay(), p.dynamicStableScale(), p.paused(), p.metricsProvider(),
                p.sessionAffinity(), p.minPodsPerReplicaSet(), p.scaleDownDelayRevisionLimit(), revisions);
    }

    static Outcome rollBackToBbb(Integer revisions) {
        return decide(windowed(revisions), settledAt("ccc", "Healthy"), "bbb", T0, AAA, BBB, CCC);
    }

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a rollback within the window skips every step and scales the old revision to full size",
                        () -> rollBackToBbb(1),
                        o -> {
                            assertThat(events(o)).singleElement().isInstanceOf(RevisionDetected.class);
                            assertThat(o.status().currentStepIndex).isEqualTo(StepEngineTest.STEPS.size());
                            assertThat(o.all(ScaleReplicaSet.class)).contains(new ScaleReplicaSet("bbb", 10));
                            assertThat(o.status().message).isEqualTo(WITHIN
                                    + ": steps and analysis skipped; waiting for 10 canary pods before promotion (0 available)");
                            assertThat(Statuses.condition(o.status(), Statuses.PROGRESSING)).hasValueSatisfying(c -> {
                                assertThat(c.reason).isEqualTo("RollbackWithinWindow");
                                assertThat(c.message).isEqualTo(WITHIN + ": steps and analysis skipped (fast-tracked rollback)");
                            });
                        }),
                row("a fast-tracked rollback is promoted as soon as its pods are available, without any analysis",
                        () -> decide(windowed(1), rollBackToBbb(1).status(), "bbb", T0.plusSeconds(20), AAA,
                                rs("bbb", 10, 10, T0.minusSeconds(3600)), CCC),
                        o -> {
                            RolloutPromoted promoted = single(o, RolloutPromoted.class);
                            assertThat(promoted.full()).isTrue();
                            assertThat(promoted.previousRevision()).isEqualTo("ccc");
                            assertThat(o.status().stableRS).isEqualTo("bbb");
                            assertThat(events(o)).noneMatch(e -> e instanceof AnalysisRequested);
                        }),
                row("a rollback further back than the window goes through the steps",
                        () -> decide(windowed(1), settledAt("ccc", "Healthy"), "aaa", T0, AAA, BBB, CCC),
                        o -> {
                            assertThat(events(o)).extracting(e -> e.getClass().getSimpleName())
                                    .containsExactly("RevisionDetected", "StepStarted", "AnalysisRequested");
                            assertThat(o.status().currentStepIndex).isZero();
                        }),
                row("without a rollbackWindow a rollback goes through the steps",
                        () -> rollBackToBbb(null),
                        o -> assertThat(single(o, StepStarted.class).stepIndex()).isZero()),
                row("a new revision (newer than the stable one) goes through the steps even with a window",
                        () -> decide(windowed(3), settledAt("ccc", "Healthy"), "ddd", T0, AAA, BBB, CCC),
                        o -> assertThat(single(o, StepStarted.class).stepIndex()).isZero()),
                row("a fast-tracked rollback that is aborted and retried skips the steps again",
                        () -> {
                            RolloutStatus abortedAt = aborted(rollBackToBbb(1).status(), T0.plusSeconds(5));
                            return decide(windowed(1), command(abortedAt, "retry"), "bbb", T0.plusSeconds(10), AAA, BBB, CCC);
                        },
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(StepEngineTest.STEPS.size());
                            assertThat(o.status().stepHistory).singleElement()
                                    .satisfies(r -> assertThat(r.outcome).isEqualTo("skipped: " + WITHIN));
                            assertThat(events(o)).noneMatch(e -> e instanceof AnalysisRequested);
                        }),
                row("a template back to the stable revision is still no rollout at all",
                        () -> decide(windowed(1), acked(StepEngineTest.atStep(0), 20), "aaa", T0, rs("aaa", 10, 10),
                                rs("bbb", 2, 2)),
                        o -> assertThat(events(o)).noneMatch(e -> e instanceof RevisionDetected)));
    }

    static Arguments row(String name, Supplier<Outcome> when, Consumer<Outcome> then) {
        return Arguments.of(name, when, then);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void decides(String behaviour, Supplier<Outcome> when, Consumer<Outcome> then) {
        then.accept(when.get());
    }
}
