package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.rollout.SpecValidation;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed Rollouts as a user writes them (YAML), through the same mapping and validation the reconciler uses
 * ({@link RolloutChecks}): each must end as exactly these violations, which the reconciler writes as the
 * {@code InvalidSpec} condition's message (joined by "; ") with phase Degraded, never as an exception or a loop.
 */
class MalformedRolloutsTest {
    private static final String TEMPLATE = """
              selector: {matchLabels: {app: web}}
              template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "web:1"}]}}
            """;
    private static final String ISTIO = "trafficRouting: {istio: {virtualService: {name: web-vs}}}";

    static Stream<Arguments> rollouts() {
        return Stream.of(
                row("stableService and canaryService naming the same Service", "web", canary("""
                        stableService: web
                        canaryService: web
                        %s
                        steps: [{setWeight: 20}]""".formatted(ISTIO)),
                        "spec.strategy.canary.stableService and canaryService are both 'web'; they must be two Services (one selects the stable pods, the other the canary pods)"),
                row("a pause of twenty digits of seconds", "web", canary("""
                        steps: [{setWeight: 20}, {pause: {duration: "99999999999999999999"}}]"""),
                        "spec.strategy.canary.steps[1].pause.duration '99999999999999999999' is too long; the longest duration is 2562047h (about 292 years)"),
                row("a pause written with an exponent", "web", canary("""
                        steps: [{setWeight: 20}, {pause: {duration: 1e9h}}]"""),
                        "spec.strategy.canary.steps[1].pause.duration '1e9h' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                row("a negative pause", "web", canary("""
                        steps: [{setWeight: 20}, {pause: {duration: -5s}}]"""),
                        "spec.strategy.canary.steps[1].pause.duration '-5s' is negative; a duration here must be 0 or more"),
                row("a progression interval without unit", "web", canary("""
                        %s
                        stableService: web-stable
                        canaryService: web-canary
                        progression: {interval: "60", stepWeight: 10}""".formatted(ISTIO)),
                        "spec.strategy.canary.progression.interval '60' has no unit; write 60s (durations need a unit, as in Go, Argo and Flagger)"),
                row("a progression interval of zero", "web", canary("""
                        %s
                        stableService: web-stable
                        canaryService: web-canary
                        progression: {interval: 0s, stepWeight: 10}""".formatted(ISTIO)),
                        "spec.strategy.canary.progression.interval must be more than 0"),
                row("a progression metric interval of a billion hours", "web", canary("""
                        %s
                        stableService: web-stable
                        canaryService: web-canary
                        progression:
                          interval: 1m
                          stepWeight: 10
                          metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1000000000h}]""".formatted(ISTIO)),
                        "spec.strategy.canary.progression.metrics[0].interval '1000000000h' is too long; the longest duration is 2562047h (about 292 years)"),
                row("a 201-character name", "n".repeat(201), canary("steps: [{setWeight: 20}]"),
                        "metadata.name has 201 characters; at most 200 fit the names Sluice derives from it (<name>-<revision> ReplicaSets, AnalysisRuns)"),
                row("a setWeight of -10 and a setWeight of 101", "web", canary("steps: [{setWeight: -10}, {setWeight: 101}]"),
                        "spec.strategy.canary.steps[0].setWeight -10 is outside 0..100",
                        "spec.strategy.canary.steps[1].setWeight 101 is outside 0..100"),
                row("a step setting both setWeight and pause", "web", canary("steps: [{setWeight: 10, pause: {}}]"),
                        "spec.strategy.canary.steps[0] must set exactly one of setWeight, pause, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute (sets 2)",
                        "spec.strategy.canary.steps has no setWeight step; traffic would never reach the canary before promotion"),
                row("an empty step", "web", canary("steps: [{}, {setWeight: 50}]"),
                        "spec.strategy.canary.steps[0] must set exactly one of setWeight, pause, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute (sets 0)"),
                row("maxSurge of 150% and maxUnavailable of a word", "web", canary("""
                        maxSurge: 150%
                        maxUnavailable: some
                        steps: [{setWeight: 20}]"""),
                        "spec.strategy.canary.maxSurge 150% is above 100%",
                        "spec.strategy.canary.maxUnavailable 'some' is neither a number of pods nor a percentage like 25%"),
                row("negative replicas and a zero progress deadline", "web", """
                        spec:
                          replicas: -3
                          progressDeadlineSeconds: 0
                        %s  strategy: {canary: {steps: [{setWeight: 20}]}}
                        """.formatted(TEMPLATE),
                        "spec.replicas must not be negative (got -3)", "spec.progressDeadlineSeconds must be positive (got 0)"),
                row("neither template nor workloadRef", "web", """
                        spec:
                          strategy: {canary: {steps: [{setWeight: 20}]}}
                        """, "spec.template or spec.workloadRef is required"),
                row("a workloadRef to a StatefulSet with an unknown scaleDown", "web", """
                        spec:
                          workloadRef: {apiVersion: apps/v1, kind: StatefulSet, name: web, scaleDown: always}
                          strategy: {canary: {steps: [{setWeight: 20}]}}
                        """,
                        "spec.workloadRef.kind 'StatefulSet' is not supported; only Deployment (apps/v1) is",
                        "spec.workloadRef.scaleDown 'always' is not one of never, onsuccess, progressively"),
                row("a workloadRef without a name", "web", """
                        spec:
                          workloadRef: {kind: Deployment}
                          strategy: {canary: {steps: [{setWeight: 20}]}}
                        """, "spec.workloadRef.name is required"),
                row("no strategy at all", "web", "spec:\n" + TEMPLATE, "spec.strategy.canary is required"),
                row("both canary and blueGreen", "web", """
                        spec:
                        %s  strategy: {canary: {steps: [{setWeight: 20}]}, blueGreen: {activeService: web}}
                        """.formatted(TEMPLATE), "spec.strategy sets both canary and blueGreen; set exactly one"),
                row("trafficRouting without services and naming no router", "web", canary("""
                        trafficRouting: {}
                        steps: [{setWeight: 20}]"""),
                        "spec.strategy.canary.trafficRouting names no router; set istio, nginx, gatewayAPI, traefik, smi or plugins",
                        "spec.strategy.canary.trafficRouting needs stableService and canaryService"),
                row("an analysis step whose template has no name and an arg without a value", "web", canary("""
                        steps: [{setWeight: 20}, {analysis: {templates: [{}], args: [{name: svc}]}}]"""),
                        "spec.strategy.canary.steps[1].analysis.templates[0].templateName is required",
                        "spec.strategy.canary.steps[1].analysis.args[0] must set exactly one of value, valueFrom.secretKeyRef"),
                row("a background analysis starting after the last step", "web", canary("""
                        steps: [{setWeight: 20}]
                        analysis: {templates: [{templateName: rate}], startingStep: 3}"""),
                        "spec.strategy.canary.analysis.startingStep 3 is outside the 1 steps"),
                row("negative scale-down delays", "web", canary("""
                        scaleDownDelaySeconds: -1
                        abortScaleDownDelaySeconds: -30
                        steps: [{setWeight: 20}]"""),
                        "spec.strategy.canary.scaleDownDelaySeconds must not be negative (got -1)",
                        "spec.strategy.canary.abortScaleDownDelaySeconds must not be negative (got -30)"),
                row("a restartAt that is not RFC 3339 and a negative rollbackWindow", "web", """
                        spec:
                          restartAt: "01/12/2026 06:00"
                          rollbackWindow: {revisions: -2}
                        %s  strategy: {blueGreen: {activeService: web}}
                        """.formatted(TEMPLATE),
                        "spec.rollbackWindow.revisions must not be negative (got -2; 0 turns the fast-track rollback off)",
                        "spec.restartAt '01/12/2026 06:00' is not an RFC 3339 time (e.g. 2026-12-01T06:00:00Z)"),
                row("a blue-green rollout whose preview is its active Service", "web", """
                        spec:
                        %s  strategy: {blueGreen: {activeService: web, previewService: web}}
                        """.formatted(TEMPLATE), "spec.strategy.blueGreen.previewService must differ from activeService (both are 'web')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollouts")
    void ends_as_exactly_these_violations(String behaviour, String name, String yaml, List<String> violations) {
        Rollout rollout = Serialization.unmarshal("""
                apiVersion: sluice.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s, namespace: shop}
                """.formatted(name) + yaml, Rollout.class);
        assertThat(RolloutChecks.violations(rollout, null)).containsExactlyElementsOf(violations);
    }

    private static String canary(String body) {
        return "spec:\n  replicas: 4\n" + TEMPLATE + "  strategy:\n    canary:\n"
                + body.lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n");
    }

    private static Arguments row(String behaviour, String name, String yaml, String... violations) {
        return Arguments.of(behaviour, name, yaml, List.of(violations));
    }
}
