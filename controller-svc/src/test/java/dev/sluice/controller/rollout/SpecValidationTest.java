package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controller.rollout.RolloutDefinition.AnalysisDef;
import dev.sluice.controller.rollout.RolloutDefinition.Canary;
import dev.sluice.controller.rollout.RolloutDefinition.ProgressionDef;
import dev.sluice.controller.rollout.RolloutDefinition.StepDef;
import dev.sluice.controller.rollout.SpecValidation.Invalid;
import dev.sluice.controller.rollout.SpecValidation.Valid;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecValidationTest {
    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web-vs", null, null, null)), null));
    static final List<StepDef> STEPS = List.of(StepDef.weight(20), StepDef.pauseFor("5m"), StepDef.weight(50), StepDef.pauseFor(null));

    static Canary canary(List<StepDef> steps) {
        return new Canary("web-stable", "web-canary", null, null, steps, null, null, true, ISTIO, null, null, false, null);
    }

    static RolloutDefinition rollout(Canary canary) {
        return new RolloutDefinition(10, true, true, false, null, false, false, false, canary);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("rejects a setWeight above 100", d -> rollout(canary(List.of(StepDef.weight(120)))),
                        "steps[0].setWeight 120 is outside 0..100"),
                row("rejects a step list with no setWeight", d -> rollout(canary(List.of(StepDef.pauseFor("1m")))),
                        "has no setWeight step"),
                row("rejects trafficRouting that names no router",
                        d -> rollout(new Canary("s", "c", null, null, STEPS, null, null, true, TrafficRouting.none(),
                                null, null, false, null)),
                        "trafficRouting names no router"),
                row("rejects a router plugin whose name is not a plugin name",
                        d -> rollout(routed(TrafficRouting.plugin("-smi", config("rootService", "web")))),
                        "trafficRouting.plugins name '-smi' is not a plugin name"),
                row("rejects a router plugin with an empty configuration",
                        d -> rollout(routed(TrafficRouting.plugin("smi", dev.sluice.events.Json.mapper().createObjectNode()))),
                        "trafficRouting.plugins.smi needs a non-empty configuration object"),
                row("rejects a router plugin whose configuration is not an object",
                        d -> rollout(routed(TrafficRouting.plugin("smi", com.fasterxml.jackson.databind.node.TextNode.valueOf("web")))),
                        "trafficRouting.plugins.smi needs a non-empty configuration object"),
                row("rejects dynamicStableScale together with scaleDownDelaySeconds",
                        d -> rollout(new Canary("s", "c", null, null, STEPS, null, null, true, ISTIO, 30, null, true, null)),
                        "dynamicStableScale cannot be combined with scaleDownDelaySeconds"),
                row("rejects both template and workloadRef",
                        d -> new RolloutDefinition(3, true, true, true, null, false, false, false, canary(STEPS)),
                        "spec.template and spec.workloadRef are both set"),
                row("rejects a pause duration that is not a duration",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.pauseFor("5x")))),
                        "pause.duration '5x' is not a duration"),
                row("rejects a maxSurge that is neither a number nor a percentage",
                        d -> rollout(new Canary("s", "c", "lots", null, STEPS, null, null, true, ISTIO, null, null, false, null)),
                        "maxSurge 'lots' is neither"),
                row("rejects an analysis step without templates",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.analysis(new AnalysisDef(List.of(), null))))),
                        "steps[1].analysis.templates needs at least one templateName"),
                row("rejects an arg with both a value and a secretKeyRef",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.analysis(new AnalysisDef(
                                List.of(new AnalysisRequested.TemplateRef("t", false)),
                                List.of(new AnalysisRequested.Arg("key", "v", new AnalysisRequested.SecretKeyRef("s", "k")))))))),
                        "args[0] must set exactly one of value, valueFrom.secretKeyRef"),
                row("rejects steps and progression together",
                        d -> rollout(new Canary("s", "c", null, null, STEPS, null, null, true, ISTIO, null, null, false,
                                new ProgressionDef("1m", 10, null, null, null, null))),
                        "sets both steps and progression"),
                row("rejects stepWeights that do not rise",
                        d -> rollout(new Canary("s", "c", null, null, null, null, null, true, ISTIO, null, null, false,
                                new ProgressionDef("1m", null, List.of(10, 5), null, null, null))),
                        "stepWeights must rise strictly"),
                row("rejects a progression metric that is not built in",
                        d -> rollout(new Canary("s", "c", null, null, null, null, null, true, ISTIO, null, null, false,
                                new ProgressionDef("1m", 10, null, null, null,
                                        List.of(new RolloutDefinition.MetricDef("cpu", 1.0, null, null))))),
                        "'cpu' is not request-success-rate or request-duration"),
                row("rejects setCanaryScale without trafficRouting",
                        d -> rollout(new Canary(null, null, null, null, List.of(StepDef.weight(10),
                                new StepDef(null, false, null, null, new RolloutDefinition.ScaleDef(2, null, null))),
                                null, null, false, null, null, null, false, null)),
                        "setCanaryScale needs trafficRouting"),
                row("rejects a setHeaderRoute whose name is not a declared managed route",
                        d -> rollout(routedCanary(List.of(header("beta"), StepDef.weight(10)), List.of("other"))),
                        "steps[0].setHeaderRoute.name 'beta' is not listed in trafficRouting.managedRoutes [other]"),
                row("rejects a setHeaderRoute without trafficRouting",
                        d -> rollout(new Canary(null, null, null, null, List.of(header("beta"), StepDef.weight(10)),
                                null, null, false, null, null, null, false, null)),
                        "steps[0].setHeaderRoute needs trafficRouting with managedRoutes"),
                row("rejects a header condition that sets both exact and regex",
                        d -> rollout(routedCanary(List.of(new StepDef(null, false, null, null, null,
                                new RolloutDefinition.HeaderRouteDef("beta", List.of(new RolloutDefinition.HeaderMatchDef("x-canary",
                                        new StringMatch("beta", null, "b.*")))), null), StepDef.weight(10)), List.of("beta"))),
                        "steps[0].setHeaderRoute.match[0].headerValue sets 2 of exact, prefix, regex"),
                row("rejects a setMirrorRoute match entry that conditions nothing",
                        d -> rollout(routedCanary(List.of(new StepDef(null, false, null, null, null, null,
                                new RolloutDefinition.MirrorRouteDef("mirror", List.of(new RouteMatch(null, null, null)), 50)),
                                StepDef.weight(10)), List.of("mirror"))),
                        "steps[0].setMirrorRoute.match[0] sets none of method, path, headers"),
                row("rejects a mirror percentage above 100",
                        d -> rollout(routedCanary(List.of(new StepDef(null, false, null, null, null, null,
                                new RolloutDefinition.MirrorRouteDef("mirror", List.of(new RouteMatch(StringMatch.exact("GET"), null, null)), 150)),
                                StepDef.weight(10)), List.of("mirror"))),
                        "setMirrorRoute.percentage 150 is outside 0..100"),
                row("rejects a managed route declared twice",
                        d -> rollout(routedCanary(STEPS, List.of("beta", "beta"))),
                        "trafficRouting.managedRoutes names 'beta' twice"),
                row("rejects A/B match without iterations",
                        d -> rollout(progression(abProgression(null, null))), "progression.match needs iterations of at least 1"),
                row("rejects A/B match together with stepWeight",
                        d -> rollout(progression(abProgression(10, 5))), "match (A/B testing) cannot be combined with stepWeight"),
                row("rejects a fieldRef arg naming a label the Rollout does not have",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.analysis(new AnalysisDef(
                                List.of(new AnalysisRequested.TemplateRef("t", false)), List.of(),
                                List.of(new RolloutDefinition.ValueFromDef(0, "team", "metadata.labels['team']", null, null))))))),
                        "args[0].valueFrom.fieldRef.fieldPath 'metadata.labels['team']' names nothing on this Rollout"),
                row("rejects a fieldRef arg outside the Rollout's metadata",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.analysis(new AnalysisDef(
                                List.of(new AnalysisRequested.TemplateRef("t", false)), List.of(),
                                List.of(new RolloutDefinition.ValueFromDef(0, "img", "spec.template.spec", null, null))))))),
                        "'spec.template.spec' is not one of metadata.name"),
                row("rejects a podTemplateHashValue that is neither Stable nor Latest",
                        d -> rollout(canary(List.of(StepDef.weight(10), StepDef.analysis(new AnalysisDef(
                                List.of(new AnalysisRequested.TemplateRef("t", false)), List.of(),
                                List.of(new RolloutDefinition.ValueFromDef(0, "hash", null, null, "Newest"))))))),
                        "podTemplateHashValue 'Newest' is not Stable or Latest"),
                row("rejects a negative scaleDownDelayRevisionLimit",
                        d -> rollout(new Canary(null, null, null, null, STEPS, null, null, false, null, null, null, false, null, null, -1)),
                        "spec.strategy.canary.scaleDownDelayRevisionLimit must not be negative (got -1)"),
                row("rejects minPodsPerReplicaSet without trafficRouting",
                        d -> rollout(new Canary(null, null, null, null, STEPS, null, null, false, null, null, null, false, null, 2, null)),
                        "minPodsPerReplicaSet needs trafficRouting"),
                row("rejects a negative rollbackWindow.revisions",
                        d -> rollout(canary(STEPS)).withWorkloadKnobs(-1, null),
                        "spec.rollbackWindow.revisions must not be negative (got -1; 0 turns the fast-track rollback off)"),
                row("rejects a restartAt that is not an RFC 3339 time",
                        d -> rollout(canary(STEPS)).withWorkloadKnobs(null, "tomorrow at 6"),
                        "spec.restartAt 'tomorrow at 6' is not an RFC 3339 time (e.g. 2026-12-01T06:00:00Z)"),
                row("rejects a restartAt without a time zone offset",
                        d -> rollout(canary(STEPS)).withWorkloadKnobs(null, "2026-12-01T06:00:00"),
                        "spec.restartAt '2026-12-01T06:00:00' is not an RFC 3339 time"),
                row("rejects a blueGreen strategy until it is supported",
                        d -> new RolloutDefinition(3, true, true, false, null, false, false, true, null),
                        "blueGreen is not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void reports_the_violation(String behaviour, UnaryOperator<RolloutDefinition> spec, String violation) {
        assertThat(SpecValidation.validate(spec.apply(null))).isInstanceOfSatisfying(Invalid.class,
                invalid -> assertThat(invalid.violations()).anySatisfy(v -> assertThat(v).contains(violation)));
    }

    @Test
    void reports_every_violation_not_just_the_first() {
        RolloutDefinition broken = new RolloutDefinition(-1, true, true, true, 0, false, false, false,
                new Canary("s", "c", "x", null, List.of(StepDef.weight(101)), null, null, true,
                        TrafficRouting.none(), 10, null, true, null));
        assertThat(SpecValidation.validate(broken)).isInstanceOfSatisfying(Invalid.class,
                invalid -> assertThat(invalid.violations()).hasSize(7)
                        .anySatisfy(v -> assertThat(v).contains("spec.replicas must not be negative"))
                        .anySatisfy(v -> assertThat(v).contains("both set"))
                        .anySatisfy(v -> assertThat(v).contains("progressDeadlineSeconds must be positive"))
                        .anySatisfy(v -> assertThat(v).contains("maxSurge 'x'"))
                        .anySatisfy(v -> assertThat(v).contains("names no router"))
                        .anySatisfy(v -> assertThat(v).contains("dynamicStableScale cannot be combined"))
                        .anySatisfy(v -> assertThat(v).contains("setWeight 101")));
    }

    @Test
    void a_valid_spec_becomes_a_plan_with_argo_defaults() {
        assertThat(SpecValidation.validate(rollout(canary(STEPS)))).isInstanceOfSatisfying(Valid.class, valid -> {
            CanaryPlan plan = valid.plan();
            assertThat(plan.steps()).containsExactly(new Step.SetWeight(20), new Step.Pause(Duration.ofMinutes(5)),
                    new Step.SetWeight(50), new Step.Pause(null));
            assertThat(plan.maxSurge()).isEqualTo(new IntOrPercent(25, true));
            assertThat(plan.scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(plan.progressDeadline()).isEqualTo(Duration.ofMinutes(10));
            assertThat(plan.metricsProvider()).isEqualTo("istio");
        });
    }

    static Stream<Arguments> metricsProviders() {
        return Stream.of(
                Arguments.of("no routing reads the app's own metrics", null, "app"),
                Arguments.of("Traefik reads Traefik's metrics", TrafficRouting.of(new TrafficRouting.Traefik("web")), "traefik"),
                Arguments.of("SMI alone reads the app's metrics, not Traefik's",
                        TrafficRouting.of(new TrafficRouting.Smi("web", "web-split")), "app"),
                Arguments.of("a plugin alone reads the app's metrics, not Traefik's",
                        TrafficRouting.none().withPlugin("example.com/mesh", new com.fasterxml.jackson.databind.ObjectMapper()
                                .createObjectNode().put("route", "web")), "app"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metricsProviders")
    void built_in_checks_read_the_metrics_of_the_router_in_use(String sentence, TrafficRouting routing, String expected) {
        assertThat(SpecValidation.metricsProvider(routing)).isEqualTo(expected);
    }

    static Stream<Arguments> progressions() {
        return Stream.of(
                Arguments.of("stepWeight 10 up to maxWeight 50 gives five weights", new ProgressionDef("1m", 10, null, 50, null, null),
                        List.of(10, 20, 30, 40, 50)),
                Arguments.of("stepWeight 30 ends at the default maxWeight 100", new ProgressionDef("1m", 30, null, null, null, null),
                        List.of(30, 60, 90, 100)),
                Arguments.of("stepWeights are used as written and end at 100", new ProgressionDef("1m", null, List.of(5, 10, 25), null, null, null),
                        List.of(5, 10, 25, 100)),
                Arguments.of("stepWeights above maxWeight are dropped", new ProgressionDef("1m", null, List.of(5, 10, 60), 50, null, null),
                        List.of(5, 10, 50)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("progressions")
    void expands_progression_weights(String behaviour, ProgressionDef progression, List<Integer> weights) {
        assertThat(Progression.weights(progression)).isEqualTo(weights);
    }

    @Test
    void a_progression_expands_into_weights_each_followed_by_a_check_of_its_metrics() {
        ProgressionDef p = new ProgressionDef("2m", 25, null, 50, 3,
                List.of(new RolloutDefinition.MetricDef("request-success-rate", 99.0, null, null)));
        Canary c = new Canary("s", "c", null, null, null, null, null, true, ISTIO, null, null, false, p);
        assertThat(SpecValidation.validate(rollout(c))).isInstanceOfSatisfying(Valid.class, valid -> {
            Step.Checks checks = new Step.Checks(new AnalysisSpec(List.of(), List.of(),
                    List.of(new AnalysisRequested.BuiltInMetric("request-success-rate", 99.0, null, "2m", 0))), Duration.ofMinutes(2), 3, false);
            assertThat(valid.plan().steps()).containsExactly(new Step.SetWeight(25), checks, new Step.SetWeight(50), checks);
            assertThat(valid.plan().background()).as("checks start at the first acknowledged weight, not before").isNull();
        });
    }

    @Test
    void header_and_mirror_steps_become_route_steps_and_a_removal_without_match() {
        List<StepDef> steps = List.of(header("beta"), new StepDef(null, false, null, null, null, null,
                new RolloutDefinition.MirrorRouteDef("mirror", List.of(new RouteMatch(StringMatch.exact("GET"), null, null)), 50)),
                new StepDef(null, false, null, null, null, new RolloutDefinition.HeaderRouteDef("beta", null), null),
                StepDef.weight(20));
        assertThat(SpecValidation.validate(rollout(routedCanary(steps, List.of("beta", "mirror")))))
                .isInstanceOfSatisfying(Valid.class, valid -> assertThat(valid.plan().steps()).containsExactly(
                        new Step.SetHeaderRoute("beta", new MatchRoute("beta",
                                List.of(new RouteMatch(null, null, java.util.Map.of("x-canary", StringMatch.exact("beta")))))),
                        new Step.SetMirrorRoute("mirror", new MirrorRoute("mirror",
                                List.of(new RouteMatch(StringMatch.exact("GET"), null, null)), 50)),
                        new Step.SetHeaderRoute("beta", null),
                        new Step.SetWeight(20)));
    }

    @Test
    void an_ab_progression_is_the_match_route_then_one_check_per_iteration_at_weight_0() {
        assertThat(SpecValidation.validate(rollout(progression(abProgression(null, 3))))).isInstanceOfSatisfying(Valid.class, valid -> {
            List<Step> steps = valid.plan().steps();
            assertThat(steps).hasSize(4);
            assertThat(steps.get(0)).isInstanceOfSatisfying(Step.SetHeaderRoute.class,
                    h -> assertThat(h.route().match()).hasSize(1));
            assertThat(steps.subList(1, 4)).allMatch(Step.Checks.class::isInstance);
            assertThat(valid.plan().weightAt(3)).isZero();
        });
    }

    @Test
    void smi_alone_and_gateway_tcp_routes_alone_are_routers() {
        for (TrafficRouting r : List.of(TrafficRouting.of(new TrafficRouting.Smi("web", null)),
                TrafficRouting.of(new TrafficRouting.GatewayApi(null, null, null, null, List.of("web-tcp"))))) {
            assertThat(SpecValidation.validate(rollout(new Canary("web-stable", "web-canary", null, null, STEPS, null, null, true, r,
                    null, null, false, null)))).isInstanceOf(Valid.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pluginRoutings")
    void a_router_plugin_alone_is_a_router(String sentence, TrafficRouting routing) {
        assertThat(SpecValidation.validate(rollout(routed(routing)))).isInstanceOf(Valid.class);
    }

    static Stream<Arguments> pluginRoutings() {
        return Stream.of(
                Arguments.of("accepts the smi plugin as the only router", TrafficRouting.plugin("smi", config("rootService", "web"))),
                Arguments.of("accepts an Argo-style namespaced plugin name",
                        TrafficRouting.plugin("argoproj-labs/apisix", config("route", "web-route"))),
                Arguments.of("accepts a plugin beside a built-in router", ISTIO.withPlugin("smi", config("trafficSplitName", "web"))));
    }

    static com.fasterxml.jackson.databind.node.ObjectNode config(String key, String value) {
        return dev.sluice.events.Json.mapper().createObjectNode().put(key, value);
    }

    static Canary routed(TrafficRouting routing) {
        return new Canary("web-stable", "web-canary", null, null, STEPS, null, null, true, routing, null, null, false, null);
    }

    static StepDef header(String name) {
        return new StepDef(null, false, null, null, null, new RolloutDefinition.HeaderRouteDef(name,
                List.of(new RolloutDefinition.HeaderMatchDef("x-canary", StringMatch.exact("beta")))), null);
    }

    static Canary routedCanary(List<StepDef> steps, List<String> managedRoutes) {
        TrafficRouting routing = ISTIO.withManagedRoutes(managedRoutes);
        return new Canary("web-stable", "web-canary", null, null, steps, null, null, true, routing, null, null, false, null);
    }

    static Canary progression(ProgressionDef p) {
        return new Canary("web-stable", "web-canary", null, null, null, null, null, true, ISTIO, null, null, false, p);
    }

    static ProgressionDef abProgression(Integer stepWeight, Integer iterations) {
        return new ProgressionDef("1m", stepWeight, null, null, null,
                List.of(new RolloutDefinition.MetricDef("request-success-rate", 99.0, null, null)), null, false,
                List.of(new RouteMatch(null, null, java.util.Map.of("x-canary", StringMatch.exact("insider")))), iterations, null);
    }

    private static Arguments row(String name, UnaryOperator<RolloutDefinition> spec, String violation) {
        return Arguments.of(name, spec, violation);
    }
}
