package dev.sluice.deploy;

import dev.sluice.testsupport.CrdSchema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CrdSchemaTest {
    static final JsonNode CRD = DeployTree.documents("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: rollouts.sluice.dev}
            spec:
              group: sluice.dev
              names: {kind: Rollout, plural: rollouts}
              scope: Namespaced
              versions:
              - name: v1alpha1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [selector]
                        properties:
                          replicas: {type: integer}
                          paused: {type: boolean, nullable: true}
                          selector: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          strategy:
                            type: object
                            properties:
                              canary:
                                type: object
                                properties:
                                  maxSurge: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
                                  steps:
                                    type: array
                                    items:
                                      type: object
                                      properties:
                                        setWeight: {type: integer}
                                        pause: {type: object, properties: {duration: {type: string}}}
            """).get(0);

    static Stream<Arguments> rollouts() {
        return Stream.of(
                Arguments.of("accepts a rollout that uses only declared fields", """
                        spec:
                          replicas: 3
                          paused: null
                          selector: {matchLabels: {app: web}}
                          strategy: {canary: {maxSurge: "25%", steps: [{setWeight: 20}, {pause: {duration: 1m}}]}}
                        """, List.of(), List.of()),
                Arguments.of("rejects a field of the wrong type in both readings", """
                        spec:
                          replicas: three
                          selector: {}
                        """, List.of("$.spec.replicas: string found, integer expected"),
                        List.of("$.spec.replicas: string found, integer expected")),
                Arguments.of("rejects a missing required field in both readings", """
                        spec: {replicas: 1}
                        """, List.of("$.spec: required property 'selector' not found"),
                        List.of("$.spec: required property 'selector' not found")),
                Arguments.of("finds a misspelt field only in the strict reading (the API server would prune it)", """
                        spec:
                          selector: {}
                          strategy: {canary: {steps: [{setWieght: 20}]}}
                        """, List.of(),
                        List.of("$.spec.strategy.canary.steps[0]: property 'setWieght' is not defined in the schema and the schema does not allow additional properties")),
                Arguments.of("accepts anything under x-kubernetes-preserve-unknown-fields", """
                        spec:
                          selector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
                        """, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollouts")
    void validates_a_custom_resource_against_the_crd_schema(String behaviour, String spec, List<String> lenient,
            List<String> strict) {
        JsonNode rollout = DeployTree.documents("apiVersion: sluice.dev/v1alpha1\nkind: Rollout\nmetadata: {name: web}\n" + spec).get(0);
        JsonNode schema = CrdSchema.openApiSchema(CRD, "v1alpha1").orElseThrow();

        assertThat(CrdSchema.validate(schema, rollout, false)).containsExactlyElementsOf(lenient);
        assertThat(CrdSchema.validate(schema, rollout, true)).containsExactlyElementsOf(strict);
    }

    @Test
    void a_version_the_crd_does_not_serve_has_no_schema() {
        assertThat(CrdSchema.openApiSchema(CRD, "v1")).isEmpty();
    }

    @Test
    void a_schema_whose_spec_declares_one_field_is_a_skeleton_and_a_fuller_one_is_not() {
        JsonNode skeleton = DeployTree.documents("properties: {spec: {type: object, properties: {replicas: {type: integer}}}}").get(0);

        assertThat(CrdSchema.isSkeleton(skeleton)).isTrue();
        assertThat(CrdSchema.isSkeleton(CrdSchema.openApiSchema(CRD, "v1alpha1").orElseThrow())).isFalse();
    }
}
