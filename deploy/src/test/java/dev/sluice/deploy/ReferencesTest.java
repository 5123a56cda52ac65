package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReferencesTest {
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  serviceAccountName: web
                  volumes: [{name: ca, secret: {secretName: kafka-cluster-ca-cert}}]
                  containers:
                  - name: web
                    envFrom: [{configMapRef: {name: web-config}}]
                    env:
                    - {name: JAAS, valueFrom: {secretKeyRef: {name: web, key: sasl.jaas.config}}}
                    - {name: SMTP, valueFrom: {secretKeyRef: {name: mail, key: password, optional: true}}}
            """;

    static Stream<Arguments> installs() {
        return Stream.of(
                Arguments.of("finds nothing missing when the install creates every reference (an optional Secret key needs none)", """
                        {apiVersion: v1, kind: ServiceAccount, metadata: {name: web}}
                        ---
                        {apiVersion: v1, kind: ConfigMap, metadata: {name: web-config}}
                        ---
                        {apiVersion: v1, kind: Secret, metadata: {name: web}}
                        ---
                        {apiVersion: v1, kind: Secret, metadata: {name: kafka-cluster-ca-cert}}
                        """, List.of()),
                Arguments.of("counts the Secrets Strimzi creates for a KafkaUser and a Kafka", """
                        {apiVersion: v1, kind: ServiceAccount, metadata: {name: web}}
                        ---
                        {apiVersion: v1, kind: ConfigMap, metadata: {name: web-config}}
                        ---
                        {apiVersion: kafka.strimzi.io/v1beta2, kind: KafkaUser, metadata: {name: web}}
                        ---
                        {apiVersion: kafka.strimzi.io/v1beta2, kind: Kafka, metadata: {name: kafka}}
                        """, List.of()),
                Arguments.of("finds a ConfigMap and a Secret nothing creates", """
                        {apiVersion: v1, kind: ServiceAccount, metadata: {name: web}}
                        ---
                        {apiVersion: v1, kind: ConfigMap, metadata: {name: web-config-5fh2}}
                        ---
                        {apiVersion: v1, kind: Secret, metadata: {name: kafka-cluster-ca-cert}}
                        """, List.of("Deployment web needs ConfigMap web-config, which the install does not create",
                        "Deployment web needs Secret web, which the install does not create")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("installs")
    void references(String behaviour, String others, List<String> missing) {
        assertThat(References.missing(DeployTree.documents(DEPLOYMENT + "---\n" + others))).containsExactlyElementsOf(missing);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.sluice.deploy.SluiceDeploymentsTest#INSTALLS")
    void every_install_creates_what_its_deployments_reference(String install) {
        assertThat(References.missing(Kustomize.render(install))).isEmpty();
    }
}
