package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.deploy.Rbac.Comparison;
import dev.sluice.deploy.Rbac.Triple;
import dev.sluice.deploy.ServiceConfig.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege: each service's ServiceAccount is granted exactly the (group, resource, verb) triples its code
 * needs, as declared with a reason in deploy/rbac-needs/&lt;service&gt;.yaml - nothing missing, nothing extra, no
 * wildcard.
 */
class RbacTest {
    static final String NEEDS = """
            serviceAccount: web
            rules:
            - {group: apps, resource: replicasets, verbs: [get, list], why: reads them}
            - {group: "", resource: events, verbs: [create], why: reports}
            """;

    static Stream<Arguments> grants() {
        return Stream.of(
                Arguments.of("matches when the role grants exactly what is needed", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: [get, list]}
                        - {apiGroups: [""], resources: [events], verbs: [create]}
                        """, "web", Set.of(), Set.of(), Set.of()),
                Arguments.of("finds a needed verb the role lacks", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: [get]}
                        - {apiGroups: [""], resources: [events], verbs: [create]}
                        """, "web", Set.of("apps replicasets list"), Set.of(), Set.of()),
                Arguments.of("finds a grant nothing needs", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: [get, list, delete]}
                        - {apiGroups: [""], resources: [events, secrets], verbs: [create]}
                        """, "web", Set.of(), Set.of("apps replicasets delete", "core secrets create"), Set.of()),
                Arguments.of("finds a wildcard verb", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: ["*"]}
                        - {apiGroups: [""], resources: [events], verbs: [create]}
                        """, "web", Set.of("apps replicasets get", "apps replicasets list"), Set.of(), Set.of("apps replicasets *")),
                Arguments.of("finds a wildcard resource", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: [get, list]}
                        - {apiGroups: [""], resources: ["*"], verbs: [create]}
                        """, "web", Set.of("core events create"), Set.of(), Set.of("core * create")),
                Arguments.of("counts nothing granted to another ServiceAccount", """
                        - {apiGroups: [apps], resources: [replicasets], verbs: [get, list]}
                        - {apiGroups: [""], resources: [events], verbs: [create]}
                        """, "someone-else", Set.of("apps replicasets get", "apps replicasets list", "core events create"),
                        Set.of(), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void compares_the_granted_triples_with_the_needed_ones(String behaviour, String rules, String boundAccount,
            Set<String> missing, Set<String> unneeded, Set<String> wildcards) {
        List<JsonNode> docs = DeployTree.documents("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: web}
                rules:
                %s---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: web}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: web}
                subjects: [{kind: ServiceAccount, name: %s, namespace: sluice-system}]
                """.formatted(rules, boundAccount));

        Comparison comparison = Rbac.compare(Rbac.needed(DeployTree.documents(NEEDS).get(0)),
                Rbac.granted(docs, "web", "sluice-system"));

        assertThat(comparison.missing()).map(Triple::toString).containsExactlyInAnyOrderElementsOf(missing);
        assertThat(comparison.unneeded()).map(Triple::toString).containsExactlyInAnyOrderElementsOf(unneeded);
        assertThat(comparison.wildcards()).map(Triple::toString).containsExactlyInAnyOrderElementsOf(wildcards);
    }

    @Test
    void a_need_without_a_reason_is_refused() {
        JsonNode needs = DeployTree.documents("rules: [{group: apps, resource: replicasets, verbs: [get]}]").get(0);

        assertThatThrownBy(() -> Rbac.needed(needs)).hasMessageContaining("without a reason");
    }

    static Stream<Service> services() {
        return ServiceConfig.SERVICES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void the_install_grants_each_service_exactly_what_its_code_needs(Service service) {
        JsonNode needs = DeployTree.documents(DeployTree.deploy("rbac-needs/" + service.name() + ".yaml")).get(0);
        List<JsonNode> install = Kustomize.render("overlays/strimzi");

        Comparison comparison = Rbac.compare(Rbac.needed(needs),
                Rbac.granted(install, needs.path("serviceAccount").asText(), "sluice-system"));

        assertThat(comparison.missing()).as("needed by %s but not granted", service.name()).isEmpty();
        assertThat(comparison.unneeded()).as("granted to %s but not needed", service.name()).isEmpty();
        assertThat(comparison.wildcards()).as("wildcards granted to %s", service.name()).isEmpty();
        assertThat(install).as("the Deployment runs as that ServiceAccount").anySatisfy(doc -> {
            assertThat(DeployTree.describe(doc)).isEqualTo("Deployment " + service.name());
            assertThat(doc.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(needs.path("serviceAccount").asText());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void every_rule_in_the_role_file_carries_a_comment_naming_the_code_that_needs_it(Service service) throws Exception {
        Path file = DeployTree.deploy("base/" + service.name().substring("sluice-".length()) + "/rbac.yaml");
        List<String> lines = Files.readAllLines(file);
        List<String> uncommented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("- apiGroups:") && (i == 0 || !lines.get(i - 1).startsWith("# "))) {
                uncommented.add(DeployTree.name(file) + ":" + (i + 1));
            }
        }

        assertThat(lines).anyMatch(l -> l.startsWith("- apiGroups:"));
        assertThat(uncommented).as("rules without a comment").isEmpty();
    }
}
