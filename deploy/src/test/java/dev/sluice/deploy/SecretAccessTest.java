package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * sluice-analysis reads Secrets (secretKeyRef args) only in the namespaces it is given a Role in; the cluster-wide
 * grant is an opt-in component.
 */
class SecretAccessTest {
    static final Rbac.Triple GET_SECRETS = new Rbac.Triple("", "secrets", "get");

    static boolean grantsSecrets(JsonNode role) {
        return StreamSupport.stream(role.path("rules").spliterator(), false).anyMatch(rule ->
                StreamSupport.stream(rule.path("resources").spliterator(), false).anyMatch(r -> r.asText().equals("secrets")));
    }

    static boolean analysis(JsonNode doc) {
        return doc.at("/metadata/name").asText().startsWith("sluice-analysis");
    }

    @Test
    void the_install_lets_analysis_read_secrets_only_through_roles_in_watched_namespaces() {
        List<JsonNode> install = Kustomize.render("overlays/strimzi");

        assertThat(install).filteredOn(d -> d.path("kind").asText().equals("ClusterRole") && analysis(d))
                .isNotEmpty().noneMatch(SecretAccessTest::grantsSecrets);
        assertThat(install).filteredOn(d -> d.path("kind").asText().equals("Role") && analysis(d) && grantsSecrets(d))
                .singleElement().satisfies(role -> assertThat(role.at("/metadata/namespace").asText()).isEqualTo("shop"));
        assertThat(install).filteredOn(d -> d.path("kind").asText().equals("RoleBinding")
                        && d.at("/metadata/name").asText().equals("sluice-analysis-secrets"))
                .singleElement().satisfies(binding -> {
                    assertThat(binding.at("/metadata/namespace").asText()).isEqualTo("shop");
                    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("sluice-analysis");
                    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("sluice-system");
                });
        assertThat(Rbac.granted(install, "sluice-analysis", "sluice-system")).contains(GET_SECRETS);
    }

    @Test
    void the_cluster_wide_grant_is_an_opt_in_component() throws Exception {
        Path overlay = DeployTree.deploy("target/secrets-cluster-wide");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                - ../../overlays/strimzi
                components:
                - ../../overlays/analysis-secrets-cluster-wide
                """);
        List<JsonNode> install = Kustomize.render("target/secrets-cluster-wide");

        assertThat(install).filteredOn(d -> d.path("kind").asText().equals("ClusterRole") && analysis(d) && grantsSecrets(d))
                .singleElement().satisfies(role -> assertThat(role.at("/metadata/name").asText()).isEqualTo("sluice-analysis-secrets"));
        assertThat(install).filteredOn(d -> d.path("kind").asText().equals("ClusterRoleBinding")
                        && d.at("/metadata/name").asText().equals("sluice-analysis-secrets"))
                .singleElement().satisfies(b -> assertThat(b.at("/subjects/0/name").asText()).isEqualTo("sluice-analysis"));
    }
}
