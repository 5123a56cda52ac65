package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.deploy.SluicePodRules.Sourced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SluicePodRulesTest {
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

    static Stream<Arguments> cases() {
        return Stream.of(
                rule("accepts a deployment that follows every rule", d -> { }),
                rule("rejects a missing readiness probe", remove("/spec/template/spec/containers/0/readinessProbe"),
                        "spec.template.spec.containers[web].readinessProbe"),
                rule("rejects a readiness probe on the liveness path",
                        set("/spec/template/spec/containers/0/readinessProbe/httpGet/path", "/q/health/live"),
                        "spec.template.spec.containers[web].readinessProbe.httpGet.path"),
                rule("rejects a missing liveness probe", remove("/spec/template/spec/containers/0/livenessProbe"),
                        "spec.template.spec.containers[web].livenessProbe"),
                rule("rejects a missing memory limit", remove("/spec/template/spec/containers/0/resources/limits/memory"),
                        "spec.template.spec.containers[web].resources.limits.memory"),
                rule("rejects missing resource requests", remove("/spec/template/spec/containers/0/resources/requests"),
                        "spec.template.spec.containers[web].resources.requests.cpu",
                        "spec.template.spec.containers[web].resources.requests.memory"),
                rule("rejects running as root", remove("/spec/template/spec/securityContext/runAsNonRoot"),
                        "spec.template.spec.containers[web].securityContext.runAsNonRoot"),
                rule("rejects a container that overrides runAsNonRoot with false",
                        set("/spec/template/spec/containers/0/securityContext/runAsNonRoot", false),
                        "spec.template.spec.containers[web].securityContext.runAsNonRoot"),
                rule("rejects a writable root filesystem",
                        set("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", false),
                        "spec.template.spec.containers[web].securityContext.readOnlyRootFilesystem"),
                rule("rejects capabilities that are not all dropped",
                        set("/spec/template/spec/containers/0/securityContext/capabilities/drop", List.of("NET_RAW")),
                        "spec.template.spec.containers[web].securityContext.capabilities.drop"),
                rule("rejects allowing privilege escalation",
                        remove("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation"),
                        "spec.template.spec.containers[web].securityContext.allowPrivilegeEscalation"),
                rule("rejects a pod without a seccomp profile", remove("/spec/template/spec/securityContext/seccompProfile"),
                        "spec.template.spec.containers[web].securityContext.seccompProfile.type"),
                rule("rejects a container that opts out of seccomp",
                        set("/spec/template/spec/containers/0/securityContext/seccompProfile", Map.of("type", "Unconfined")),
                        "spec.template.spec.containers[web].securityContext.seccompProfile.type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sluice_pod_rules(String behaviour, Consumer<ObjectNode> breakDeployment, List<String> expectedFields) {
        ObjectNode deployment = (ObjectNode) DeployTree.documents(DEPLOYMENT).get(0);
        breakDeployment.accept(deployment);

        List<Violation> violations = SluicePodRules.check(new Sourced<>("deployment.yaml", (Deployment) TypedModel.parse(deployment)));

        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrderElementsOf(expectedFields);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    private static Arguments rule(String behaviour, Consumer<ObjectNode> deployment, String... fields) {
        return Arguments.of(behaviour, deployment, List.of(fields));
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
