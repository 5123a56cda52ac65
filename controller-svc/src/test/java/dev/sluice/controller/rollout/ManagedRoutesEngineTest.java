package dev.sluice.controller.rollout;

import static dev.sluice.controller.rollout.StepEngineTest.T0;
import static dev.sluice.controller.rollout.StepEngineTest.WEB;
import static dev.sluice.controller.rollout.StepEngineTest.command;
import static dev.sluice.controller.rollout.StepEngineTest.events;
import static dev.sluice.controller.rollout.StepEngineTest.pct;
import static dev.sluice.controller.rollout.StepEngineTest.row;
import static dev.sluice.controller.rollout.StepEngineTest.rs;
import static dev.sluice.controller.rollout.StepEngineTest.settledAt;
import static dev.sluice.controller.rollout.StepEngineTest.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RunPhase;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.api.rollout.RolloutStatus.AnalysisRunStatusRef;
import dev.sluice.controller.rollout.Decision.ScaleReplicaSet;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argo's setHeaderRoute / setMirrorRoute steps and Flagger's A/B match and sessionAffinity in the canary engine, one
 * behaviour per row: the route set lives in status, travels with every traffic shift and is cleared at promotion and
 * abort.
 */
class ManagedRoutesEngineTest {
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web", List.of("primary"), null, null)), null))
            .withManagedRoutes(List.of("beta-header", "mirror-api"));
    static final MatchRoute BETA = new MatchRoute("beta-header",
            List.of(new RouteMatch(null, null, Map.of("x-canary", StringMatch.exact("beta")))));
    static final MirrorRoute MIRROR = new MirrorRoute("mirror-api",
            List.of(new RouteMatch(StringMatch.exact("GET"), StringMatch.prefix("/api"), Map.of())), 50);
    /** The header-and-mirror example: header, pause, mirror, pause 10m, mirror off, header off, setWeight 20, pause. */
    static final List<Step> STEPS = List.of(new Step.SetHeaderRoute("beta-header", BETA), new Step.Pause(null),
            new Step.SetMirrorRoute("mirror-api", MIRROR), new Step.Pause(Duration.ofMinutes(10)),
            new Step.SetMirrorRoute("mirror-api", null), new Step.SetHeaderRoute("beta-header", null), new Step.SetWeight(20),
            new Step.Pause(null));

    @ParameterizedTest(name = "{0}")
    @MethodSource("behaviours")
    void behaves(String name, Supplier<Outcome> when, Consumer<Outcome> then) {
        then.accept(when.get());
    }

    static Stream<Arguments> behaviours() {
        return Stream.of(
                row("a setHeaderRoute step at weight 0 records the route and gives the canary one pod before asking the routers",
                        () -> decide(plan(STEPS), settledAt("aaa", "Healthy"), T0, rs("aaa", 10, 10)),
                        o -> {
                            assertThat(o.all(ScaleReplicaSet.class)).contains(new ScaleReplicaSet("bbb", 1));
                            assertThat(events(o)).noneMatch(TrafficShiftRequested.class::isInstance);
                            assertThat(o.status().canary.managedRoutes).extracting(r -> r.name + "/" + r.type + "/" + r.step)
                                    .containsExactly("beta-header/header/0");
                            assertThat(o.status().message).contains("waiting for canary pods (0/1 available)");
                        }),
                row("with the canary pod available it requests weight 0 carrying the header route",
                        () -> decide(plan(STEPS), detected(), T0, rs("aaa", 10, 10), rs("bbb", 1, 1)),
                        o -> {
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).containsExactly(BETA);
                            assertThat(shift.mirrorRoutes()).isEmpty();
                            assertThat(shift.headerRoutes()).isEmpty();
                            assertThat(shift.routing().managedRoutes()).containsExactly("beta-header", "mirror-api");
                            assertThat(o.status().canary.managedRoutesPending).isNull();
                            assertThat(o.status().currentStepIndex).isZero();
                        }),
                row("waits for traffic.shifted without asking again, and the acknowledgement ends the step",
                        () -> {
                            Outcome requested = decide(plan(STEPS), detected(), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                            assertThat(events(decide(plan(STEPS), requested.status(), T0, rs("aaa", 10, 10), rs("bbb", 1, 1))))
                                    .isEmpty();
                            return decide(plan(STEPS), ack(requested), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                        },
                        o -> {
                            assertThat(o.status().currentStepIndex).isEqualTo(1);
                            assertThat(o.status().phase).isEqualTo(RolloutPhase.Paused);
                            assertThat(o.status().stepHistory.get(0).outcome).contains("beta-header (header)");
                        }),
                row("promoted past the pause, setMirrorRoute requests the header and the mirror route together",
                        () -> decide(plan(STEPS), command(headerHeld(), "promote"), T0, rs("aaa", 10, 10), rs("bbb", 1, 1)),
                        o -> {
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).containsExactly(BETA);
                            assertThat(shift.mirrorRoutes()).containsExactly(MIRROR);
                            assertThat(o.status().currentStepIndex).isEqualTo(2);
                        }),
                row("a setMirrorRoute step without a match removes the mirror route and keeps the header route",
                        () -> {
                            RolloutStatus s = bothHeld();
                            s.currentStepIndex = 4;
                            return decide(plan(STEPS), s, T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                        },
                        o -> {
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.matchRoutes()).containsExactly(BETA);
                            assertThat(shift.mirrorRoutes()).isEmpty();
                        }),
                row("an abort mid header-route returns weight 0 with no route and clears the route set",
                        () -> decide(plan(STEPS), command(headerHeld(), "abort"), T0, rs("aaa", 10, 10), rs("bbb", 1, 1)),
                        o -> {
                            assertThat(events(o)).anyMatch(RolloutAborted.class::isInstance);
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).isEmpty();
                            assertThat(shift.mirrorRoutes()).isEmpty();
                            assertThat(o.status().canary.managedRoutes).isNull();
                        }),
                row("an aborted canary keeps a pod until the routes are gone and the delay passed",
                        () -> {
                            Outcome aborted = decide(plan(STEPS), command(headerHeld(), "abort"), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                            return decide(plan(STEPS), ack(aborted), T0.plus(Duration.ofSeconds(31)), rs("aaa", 10, 10), rs("bbb", 1, 1));
                        },
                        o -> {
                            assertThat(events(o)).isEmpty();
                            assertThat(o.all(ScaleReplicaSet.class)).containsExactly(new ScaleReplicaSet("bbb", 0));
                        }),
                row("promote-full mid mirror route promotes and sends weight 0 with no route",
                        () -> {
                            RolloutStatus s = bothHeld();
                            s.currentStepIndex = 3;
                            return decide(plan(STEPS), command(s, "promote-full"), T0, rs("aaa", 10, 10), rs("bbb", 10, 10));
                        },
                        o -> {
                            assertThat(single(o, RolloutPromoted.class).full()).isTrue();
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).isEmpty();
                            assertThat(shift.mirrorRoutes()).isEmpty();
                            assertThat(o.status().stableRS).isEqualTo("bbb");
                            assertThat(o.status().canary.managedRoutes).isNull();
                        }),
                row("a promoted revision is Healthy only once the routers dropped the routes",
                        () -> {
                            RolloutStatus s = bothHeld();
                            s.currentStepIndex = 3;
                            Outcome promoted = decide(plan(STEPS), command(s, "promote-full"), T0, rs("aaa", 10, 10), rs("bbb", 10, 10));
                            assertThat(promoted.status().phase).isNotEqualTo("Healthy");
                            return decide(plan(STEPS), ack(promoted), T0.plus(Duration.ofMinutes(1)), rs("bbb", 10, 10));
                        },
                        o -> assertThat(o.status().phase).isEqualTo(RolloutPhase.Healthy)),
                row("a new revision mid header-route drops the old canary's routes",
                        () -> decide(plan(STEPS), headerHeld(), "ccc", T0, rs("aaa", 10, 10), rs("bbb", 1, 1)),
                        o -> {
                            assertThat(o.status().canary.managedRoutes).extracting(r -> r.name + "/" + r.step)
                                    .containsExactly("beta-header/0");
                            assertThat(o.status().currentPodHash).isEqualTo("ccc");
                            assertThat(o.status().canary.managedRoutesPending).isTrue();
                        }),
                row("a failed shift is retried with the routes in force",
                        () -> {
                            Outcome requested = decide(plan(STEPS), detected(), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                            RolloutStatus s = StepEngineTest.failedShift(requested.status(), T0);
                            return decide(plan(STEPS), s, T0.plus(Duration.ofSeconds(5)), rs("aaa", 10, 10), rs("bbb", 1, 1));
                        },
                        o -> assertThat(single(o, TrafficShiftRequested.class).matchRoutes()).containsExactly(BETA)),
                row("A/B testing: the match route is requested at weight 0, with the session-affinity cookie",
                        () -> decide(abPlan(), settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 1, 1)),
                        o -> {
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).singleElement().satisfies(m -> {
                                assertThat(m.name()).isEqualTo(Progression.AB_ROUTE);
                                assertThat(m.match()).hasSize(2);
                            });
                            assertThat(shift.sessionAffinity()).isEqualTo(new SessionAffinity("sluice-canary", 3600));
                        }),
                row("A/B testing: after the last iteration's check passes the canary is promoted and the match route removed",
                        () -> {
                            Outcome requested = decide(abPlan(), settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
                            RolloutStatus s = ack(requested);
                            s.currentStepIndex = 2;
                            s.currentStepStartedAt = T0.toString();
                            AnalysisRunStatusRef ref = new AnalysisRunStatusRef();
                            ref.name = "web-bbb-9-2";
                            ref.requestSequence = s.sequence;
                            ref.phase = RunPhase.Successful;
                            s.canary.currentStepAnalysisRun = ref;
                            return decide(abPlan(), s, "bbb", T0, rs("aaa", 10, 10), rs("bbb", 10, 10));
                        },
                        o -> {
                            assertThat(events(o)).anyMatch(RolloutPromoted.class::isInstance);
                            TrafficShiftRequested shift = single(o, TrafficShiftRequested.class);
                            assertThat(shift.canaryWeight()).isZero();
                            assertThat(shift.matchRoutes()).isEmpty();
                        }),
                row("minPodsPerReplicaSet 3 gives a 20% canary of 10 replicas 3 pods instead of 2",
                        () -> {
                            CanaryPlan base = plan(List.of(new Step.SetWeight(20), new Step.Pause(null)));
                            CanaryPlan p = new CanaryPlan(10, base.steps(), pct(25), pct(25), ISTIO, "web-stable", "web-canary", null,
                                    0, Duration.ofMinutes(10), false, Duration.ofSeconds(30), Duration.ofSeconds(30), false, false,
                                    "istio", null, 3, null);
                            return decide(p, settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10));
                        },
                        o -> assertThat(o.all(ScaleReplicaSet.class)).contains(new ScaleReplicaSet("bbb", 3))),
                row("podTemplateHashValue args get the stable and the latest revision's hash when the analysis is requested",
                        () -> {
                            AnalysisSpec spec = new AnalysisSpec(List.of(new AnalysisRequested.TemplateRef("smoke-job", false)),
                                    List.of(new AnalysisRequested.Arg("team", "storefront", null)), List.of(),
                                    List.of(new AnalysisSpec.HashArg("canary-hash", "Latest"), new AnalysisSpec.HashArg("stable-hash", "Stable")));
                            CanaryPlan p = plan(List.of(new Step.Analysis(spec), new Step.SetWeight(50)));
                            return decide(p, settledAt("aaa", "Healthy"), "bbb", T0, rs("aaa", 10, 10));
                        },
                        o -> assertThat(single(o, AnalysisRequested.class).args())
                                .extracting(a -> a.name() + "=" + a.value())
                                .containsExactly("team=storefront", "canary-hash=bbb", "stable-hash=aaa")));
    }

    // --- fixtures

    static CanaryPlan plan(List<Step> steps) {
        return new CanaryPlan(10, steps, pct(25), pct(25), ISTIO, "web-stable", "web-canary", null, 0, Duration.ofMinutes(10),
                false, Duration.ofSeconds(30), Duration.ofSeconds(30), false, false, "istio");
    }

    /** Flagger A/B: header x-canary: insider or cookie canary=always, 2 iterations, session affinity. */
    static CanaryPlan abPlan() {
        RolloutDefinition.ProgressionDef p = new RolloutDefinition.ProgressionDef("1m", null, null, null, 2,
                List.of(new RolloutDefinition.MetricDef("request-success-rate", 99.0, null, "1m")), null, false,
                List.of(new RouteMatch(null, null, Map.of("x-canary", StringMatch.exact("insider"))),
                        new RouteMatch(null, null, Map.of("cookie", StringMatch.regex("^(.*?;)?(canary=always)(;.*)?$")))),
                2, new SessionAffinity("sluice-canary", 3600));
        CanaryPlan base = plan(Progression.steps(p, Duration.ofMinutes(1)));
        TrafficRouting istio = TrafficRouting.of(ISTIO.istio());
        return new CanaryPlan(base.replicas(), base.steps(), base.maxSurge(), base.maxUnavailable(), istio, base.stableService(),
                base.canaryService(), null, 0, base.progressDeadline(), false, base.scaleDownDelay(), base.abortScaleDownDelay(),
                false, false, "istio", p.sessionAffinity(), 1, null);
    }

    static Outcome decide(CanaryPlan plan, RolloutStatus status, Instant now, ReplicaSetFacts... replicaSets) {
        return decide(plan, status, "bbb", now, replicaSets);
    }

    static Outcome decide(CanaryPlan plan, RolloutStatus status, String hash, Instant now, ReplicaSetFacts... replicaSets) {
        return StepEngine.decide(new EngineInput(WEB, plan, hash, List.of(replicaSets), status, now));
    }

    /** Revision bbb detected over stable aaa, step 0 (the header route) recorded, no request yet. */
    static RolloutStatus detected() {
        return decide(plan(STEPS), settledAt("aaa", "Healthy"), T0, rs("aaa", 10, 10)).status();
    }

    /** The routers acknowledged the last request of {@code o}. */
    static RolloutStatus ack(Outcome o) {
        RolloutStatus s = Statuses.copy(o.status());
        s.canary.acknowledgedSequence = s.canary.requestedSequence;
        s.canary.weight = s.canary.requestedWeight;
        return s;
    }

    /** The header route is held by the routers; step 1 (pause {}) paused. */
    static RolloutStatus headerHeld() {
        Outcome requested = decide(plan(STEPS), detected(), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
        return decide(plan(STEPS), ack(requested), T0, rs("aaa", 10, 10), rs("bbb", 1, 1)).status();
    }

    /** Header and mirror routes held; step 3 (pause 10m). */
    static RolloutStatus bothHeld() {
        Outcome requested = decide(plan(STEPS), command(headerHeld(), "promote"), T0, rs("aaa", 10, 10), rs("bbb", 1, 1));
        RolloutStatus s = decide(plan(STEPS), ack(requested), T0, rs("aaa", 10, 10), rs("bbb", 1, 1)).status();
        assertThat(s.currentStepIndex).isEqualTo(3);
        return s;
    }
}
