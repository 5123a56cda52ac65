package dev.sluice.controller.rollout.bluegreen;

import static dev.sluice.controller.rollout.bluegreen.BlueGreenEngineTest.SMOKE;
import static dev.sluice.controller.rollout.bluegreen.BlueGreenEngineTest.T0;
import static dev.sluice.controller.rollout.bluegreen.BlueGreenEngineTest.healthy;
import static dev.sluice.controller.rollout.bluegreen.BlueGreenEngineTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.rollout.bluegreen.BlueGreenEngineTest.World;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The blue-green engine with Argo's {@code rollbackWindow}: one behaviour per row. */
class BlueGreenRollbackWindowTest {
    static final String WITHIN = "rollback to revision old (1 revision before the stable aaa) is within rollbackWindow.revisions 1";

    /** Manual promotion, pre- and post-promotion analysis, and a rollback window of {@code revisions}. */
    static BlueGreenPlan windowed(Integer revisions) {
        BlueGreenPlan p = plan(false, null, 4, SMOKE, SMOKE, null);
        return new BlueGreenPlan(p.replicas(), p.activeService(), p.previewService(), p.autoPromotionEnabled(),
                p.autoPromotionSeconds(), p.scaleDownDelay(), p.previewReplicaCount(), p.prePromotion(), p.postPromotion(),
                p.routing(), p.paused(), p.metricsProvider(), p.progressDeadline(), p.progressDeadlineAbort(),
                p.abortScaleDownDelay(), p.scaleDownDelayRevisionLimit(), revisions);
    }

    /** aaa active and Healthy; revision "old" (created an hour before aaa) still has its ReplicaSet, scaled to 0. */
    static World withOldRevision(Integer revisions) {
        World w = healthy(windowed(revisions));
        w.replicaSets.put("old", new ReplicaSetFacts("old", 0, 0, 0, T0.minus(Duration.ofHours(1))));
        return w;
    }

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a rollback within the window is promoted at once: no pause for promotion, no pre-promotion analysis",
                        () -> withOldRevision(1).template("old").at(Duration.ofMinutes(1)).next(),
                        w -> {
                            assertThat(w.status.conditions).anySatisfy(c -> {
                                assertThat(c.type).isEqualTo(Statuses.PROGRESSING);
                                assertThat(c.reason).isEqualTo("RollbackWithinWindow");
                                assertThat(c.message).isEqualTo(WITHIN + " (fast-tracked rollback: no preview pause, no analysis)");
                            });
                            assertThat(w.all).noneMatch(e -> e instanceof AnalysisRequested || e instanceof RolloutPaused);
                        }),
                row("a fast-tracked rollback switches the active Service and becomes stable without post-promotion analysis",
                        () -> withOldRevision(1).template("old").at(Duration.ofMinutes(1)).next().next().next()
                                .at(Duration.ofMinutes(2)).next(),
                        w -> {
                            assertThat(w.active).isEqualTo("old");
                            assertThat(w.status.stableRS).isEqualTo("old");
                            assertThat(w.all).noneMatch(e -> e instanceof AnalysisRequested);
                            assertThat(w.all).filteredOn(e -> e instanceof RolloutPromoted).singleElement()
                                    .satisfies(e -> assertThat(((RolloutPromoted) e).full()).isTrue());
                        }),
                row("without a rollbackWindow the same rollback is analysed and waits for promotion",
                        () -> withOldRevision(null).template("old").at(Duration.ofMinutes(1)).next().next(),
                        w -> {
                            assertThat(w.all).anyMatch(e -> e instanceof AnalysisRequested);
                            assertThat(w.active).isEqualTo("aaa");
                            assertThat(w.status.phase).isNotEqualTo(RolloutPhase.Healthy);
                        }),
                row("a rollback beyond the window is analysed",
                        () -> {
                            World w = withOldRevision(1);
                            w.replicaSets.put("mid", new ReplicaSetFacts("mid", 0, 0, 0, T0.minus(Duration.ofMinutes(30))));
                            return w.template("old").at(Duration.ofMinutes(1)).next().next();
                        },
                        w -> assertThat(w.all).anyMatch(e -> e instanceof AnalysisRequested)));
    }

    static Arguments row(String name, Supplier<World> when, Consumer<World> then) {
        return Arguments.of(name, when, then);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void decides(String behaviour, Supplier<World> when, Consumer<World> then) {
        then.accept(when.get());
    }
}
