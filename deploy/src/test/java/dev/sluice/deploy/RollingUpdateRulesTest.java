package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.deploy.RollingUpdateRules.Sourced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RollingUpdateRulesTest {
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
              template:
                metadata: {labels: {app: web, tier: front}}
                spec:
                  terminationGracePeriodSeconds: 30
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  topologySpreadConstraints:
                  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
                  containers:
                  - name: web
                    image: web:1
                    readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
                    livenessProbe: {httpGet: {path: /q/health/live, port: http}}
                    lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {cpu: "1", memory: 512Mi}}
                    securityContext:
                      allowPrivilegeEscalation: false
                      readOnlyRootFilesystem: true
                      capabilities: {drop: [ALL]}
            """;
    static final String BUDGET = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web}
            spec:
              maxUnavailable: 1
              selector: {matchLabels: {app: web}}
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                rule("accepts a deployment that follows every rule", d -> { }, b -> { }),
                rule("rejects a single replica", set("/spec/replicas", 1), b -> { }, "spec.replicas"),
                rule("rejects an unset replica count (Kubernetes defaults to 1)", remove("/spec/replicas"), b -> { }, "spec.replicas"),
                rule("rejects the Recreate strategy", d -> {
                    ((ObjectNode) d.at("/spec/strategy")).put("type", "Recreate").remove("rollingUpdate");
                }, b -> { }, "spec.strategy.type"),
                rule("rejects surging two pods at once", set("/spec/strategy/rollingUpdate/maxSurge", 2), b -> { },
                        "spec.strategy.rollingUpdate.maxSurge"),
                rule("rejects maxUnavailable left at the 25% default", remove("/spec/strategy/rollingUpdate/maxUnavailable"),
                        b -> { }, "spec.strategy.rollingUpdate.maxUnavailable"),
                rule("rejects maxUnavailable 1", set("/spec/strategy/rollingUpdate/maxUnavailable", 1), b -> { },
                        "spec.strategy.rollingUpdate.maxUnavailable"),
                rule("rejects a missing readiness probe", remove("/spec/template/spec/containers/0/readinessProbe"), b -> { },
                        "spec.template.spec.containers[web].readinessProbe"),
                rule("rejects a readiness probe on the liveness path",
                        set("/spec/template/spec/containers/0/readinessProbe/httpGet/path", "/q/health/live"), b -> { },
                        "spec.template.spec.containers[web].readinessProbe.httpGet.path"),
                rule("rejects a missing liveness probe", remove("/spec/template/spec/containers/0/livenessProbe"), b -> { },
                        "spec.template.spec.containers[web].livenessProbe"),
                rule("rejects a missing preStop sleep", remove("/spec/template/spec/containers/0/lifecycle"), b -> { },
                        "spec.template.spec.containers[web].lifecycle.preStop"),
                rule("rejects a grace period equal to preStop plus the shutdown timeout",
                        set("/spec/template/spec/terminationGracePeriodSeconds", 25), b -> { },
                        "spec.template.spec.terminationGracePeriodSeconds"),
                rule("rejects the 30 s default grace period when preStop sleeps 15 s",
                        d -> {
                            ((ObjectNode) d.at("/spec/template/spec")).remove("terminationGracePeriodSeconds");
                            ((ArrayNode) d.at("/spec/template/spec/containers/0/lifecycle/preStop/exec/command")).set(1, "15");
                        }, b -> { }, "spec.template.spec.terminationGracePeriodSeconds"),
                rule("accepts a preStop sleep run by a shell",
                        set("/spec/template/spec/containers/0/lifecycle/preStop/exec/command",
                                List.of("/bin/sh", "-c", "sleep 5; echo bye")), b -> { }),
                rule("rejects a missing memory limit", remove("/spec/template/spec/containers/0/resources/limits/memory"), b -> { },
                        "spec.template.spec.containers[web].resources.limits.memory"),
                rule("rejects missing resource requests", remove("/spec/template/spec/containers/0/resources/requests"), b -> { },
                        "spec.template.spec.containers[web].resources.requests.cpu",
                        "spec.template.spec.containers[web].resources.requests.memory"),
                rule("rejects running as root", remove("/spec/template/spec/securityContext/runAsNonRoot"), b -> { },
                        "spec.template.spec.containers[web].securityContext.runAsNonRoot"),
                rule("rejects a container that overrides runAsNonRoot with false",
                        set("/spec/template/spec/containers/0/securityContext/runAsNonRoot", false), b -> { },
                        "spec.template.spec.containers[web].securityContext.runAsNonRoot"),
                rule("rejects a writable root filesystem",
                        set("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", false), b -> { },
                        "spec.template.spec.containers[web].securityContext.readOnlyRootFilesystem"),
                rule("rejects capabilities that are not all dropped",
                        set("/spec/template/spec/containers/0/securityContext/capabilities/drop", List.of("NET_RAW")), b -> { },
                        "spec.template.spec.containers[web].securityContext.capabilities.drop"),
                rule("rejects allowing privilege escalation",
                        remove("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation"), b -> { },
                        "spec.template.spec.containers[web].securityContext.allowPrivilegeEscalation"),
                rule("rejects a pod without a seccomp profile", remove("/spec/template/spec/securityContext/seccompProfile"), b -> { },
                        "spec.template.spec.containers[web].securityContext.seccompProfile.type"),
                rule("rejects a container that opts out of seccomp",
                        set("/spec/template/spec/containers/0/securityContext/seccompProfile", Map.of("type", "Unconfined")),
                        b -> { }, "spec.template.spec.containers[web].securityContext.seccompProfile.type"),
                rule("rejects spreading over zones only",
                        set("/spec/template/spec/topologySpreadConstraints/0/topologyKey", "topology.kubernetes.io/zone"), b -> { },
                        "spec.template.spec.topologySpreadConstraints"),
                rule("rejects a spread constraint that selects other pods",
                        set("/spec/template/spec/topologySpreadConstraints/0/labelSelector/matchLabels/app", "api"), b -> { },
                        "spec.template.spec.topologySpreadConstraints"),
                rule("rejects pods no disruption budget selects", d -> { }, set("/spec/selector/matchLabels/app", "api"),
                        "spec.template.metadata.labels"),
                rule("rejects a budget with maxUnavailable 0 (blocks every eviction)", d -> { }, set("/spec/maxUnavailable", 0),
                        "budget.yaml spec.maxUnavailable"),
                rule("rejects a budget whose minAvailable equals the replicas", d -> { }, b -> {
                    ((ObjectNode) b.at("/spec")).put("minAvailable", 2).remove("maxUnavailable");
                }, "budget.yaml spec.minAvailable"),
                rule("rejects a budget of minAvailable 100%", d -> { }, b -> {
                    ((ObjectNode) b.at("/spec")).put("minAvailable", "100%").remove("maxUnavailable");
                }, "budget.yaml spec.minAvailable"),
                rule("accepts a budget of minAvailable 50% at 2 replicas", d -> { }, b -> {
                    ((ObjectNode) b.at("/spec")).put("minAvailable", "50%").remove("maxUnavailable");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rolling_update_rules(String behaviour, Consumer<ObjectNode> breakDeployment, Consumer<ObjectNode> breakBudget,
            List<String> expectedFields) {
        ObjectNode deployment = (ObjectNode) DeployTree.documents(DEPLOYMENT).get(0);
        ObjectNode budget = (ObjectNode) DeployTree.documents(BUDGET).get(0);
        breakDeployment.accept(deployment);
        breakBudget.accept(budget);

        List<Violation> violations = RollingUpdateRules.check(
                new Sourced<>("deployment.yaml", (Deployment) TypedModel.parse(deployment)),
                List.of(new Sourced<>("budget.yaml", (PodDisruptionBudget) TypedModel.parse(budget))), 20);

        assertThat(violations).extracting(v -> v.file().equals("budget.yaml") ? "budget.yaml " + v.field() : v.field())
                .containsExactlyInAnyOrderElementsOf(expectedFields);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @org.junit.jupiter.api.Test
    void two_budgets_over_the_same_pods_make_every_eviction_fail() {
        Deployment deployment = (Deployment) TypedModel.parse(DeployTree.documents(DEPLOYMENT).get(0));
        PodDisruptionBudget budget = (PodDisruptionBudget) TypedModel.parse(DeployTree.documents(BUDGET).get(0));

        assertThat(RollingUpdateRules.check(new Sourced<>("d.yaml", deployment),
                List.of(new Sourced<>("a.yaml", budget), new Sourced<>("b.yaml", budget)), 20))
                .singleElement().satisfies(v -> assertThat(v.message()).contains("several PodDisruptionBudgets"));
    }

    private static Arguments rule(String behaviour, Consumer<ObjectNode> deployment, Consumer<ObjectNode> budget,
            String... fields) {
        return Arguments.of(behaviour, deployment, budget, List.of(fields));
    }

    private static Consumer<ObjectNode> set(String pointer, Object value) {
        return doc -> {
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode parent = doc.at(at.head());
            JsonNode node = DeployTree.YAML.valueToTree(value);
            if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(at.last().getMatchingProperty()), node);
            } else {
                ((ObjectNode) parent).set(at.last().getMatchingProperty(), node);
            }
        };
    }

    private static Consumer<ObjectNode> remove(String pointer) {
        return doc -> {
            JsonPointer at = JsonPointer.compile(pointer);
            ((ObjectNode) doc.at(at.head())).remove(at.last().getMatchingProperty());
        };
    }
}
