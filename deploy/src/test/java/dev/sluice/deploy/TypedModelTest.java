package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypedModelTest {

    static Stream<Arguments> manifests() {
        return Stream.of(
                Arguments.of("accepts a Deployment whose every field the model knows", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web}
                        spec:
                          replicas: 2
                          selector: {matchLabels: {app: web}}
                          template:
                            metadata: {labels: {app: web}}
                            spec:
                              containers:
                              - name: web
                                image: web:1
                                resources: {limits: {memory: 1Gi}}
                                ports: [{containerPort: 8080}]
                                readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}
                        """, List.of()),
                Arguments.of("finds a misspelt field deep in a container", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web}
                        spec:
                          template:
                            spec:
                              containers:
                              - name: web
                                readynessProbe: {httpGet: {path: /q/health/ready, port: 8080}}
                        """, List.of("unknown field spec.template.spec.containers[0].readynessProbe")),
                Arguments.of("finds a field at the wrong level", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: web}
                        spec:
                          maxSurge: 1
                        """, List.of("unknown field spec.maxSurge")),
                Arguments.of("finds a field of the wrong type", """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata: {name: web}
                        spec:
                          selector: [app, web]
                        """, List.of("does not fit the PodDisruptionBudget model: Cannot deserialize value of type `io.fabric8.kubernetes.api.model.LabelSelector` from Array value (token `JsonToken.START_ARRAY`)")),
                Arguments.of("finds an unknown field in a typed monitoring resource", """
                        apiVersion: monitoring.coreos.com/v1
                        kind: ServiceMonitor
                        metadata: {name: web}
                        spec:
                          selector: {matchLabels: {app: web}}
                          endpoints: [{port: http, pathh: /q/metrics}]
                        """, List.of("unknown field spec.endpoints[0].pathh")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void problems_name_every_field_the_model_does_not_accept(String behaviour, String yaml, List<String> problems) {
        JsonNode doc = DeployTree.documents(yaml).get(0);

        assertThat(TypedModel.problems(doc)).containsExactlyElementsOf(problems);
    }

    @Test
    void kinds_without_a_model_class_parse_as_generic_resources_and_are_checked_structurally() {
        JsonNode kafka = DeployTree.documents("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: Sluice_Kafka}
                """).get(0);

        assertThat(TypedModel.parse(kafka)).isInstanceOf(GenericKubernetesResource.class);
        assertThat(TypedModel.structuralProblems(kafka)).containsExactly("metadata.name 'Sluice_Kafka' is not a DNS name");
    }

    @Test
    void known_kinds_parse_into_their_typed_class() {
        assertThat(TypedModel.parse(DeployTree.documents("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n").get(0)))
                .isInstanceOf(Deployment.class);
        assertThat(TypedModel.parse(DeployTree.documents("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\n").get(0)))
                .isInstanceOf(PrometheusRule.class);
    }
}
