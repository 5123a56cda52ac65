package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every YAML file under deploy/ is validated by some test, and every Kubernetes object - in the files and in each
 * rendered kustomization - parses into fabric8's typed model with no unknown field. Kinds fabric8 has no class for
 * (Strimzi's Kafka, KafkaNodePool, KafkaTopic, KafkaUser; Sluice's own kinds) are validated structurally as generic
 * resources here; Sluice's kinds are also validated against their CRD schema by ExamplesTest, and Strimzi's by
 * StrimziOverlayTest. ServiceMonitor and PrometheusRule are typed (fabric8's openshift-model-monitoring).
 */
class ManifestsTest {
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

    /** Which test validates a file, decided by its place and content. */
    enum Role {
        KUBERNETES_OBJECTS("parsed into the typed model here"),
        KUSTOMIZATION("rendered with kubectl kustomize here"),
        KUSTOMIZE_PATCH("applied by rendering its kustomization"),
        RBAC_NEEDS("RbacTest"),
        PROMETHEUS_CONFIG("PrometheusRulesTest (promtool check config)"),
        PROMETHEUS_RULES("PrometheusRulesTest (promtool check rules)"),
        PROMTOOL_TESTS("PrometheusRulesTest (promtool test rules)"),
        UNKNOWN("nothing");

        final String validatedBy;

        Role(String validatedBy) {
            this.validatedBy = validatedBy;
        }
    }

    static Role roleOf(Path file) {
        String relative = DeployTree.DEPLOY.relativize(file).toString();
        if (file.getFileName().toString().equals("kustomization.yaml")) {
            return Role.KUSTOMIZATION;
        }
        if (relative.startsWith("rbac-needs/")) {
            return Role.RBAC_NEEDS;
        }
        if (relative.equals("local/prometheus.yml")) {
            return Role.PROMETHEUS_CONFIG;
        }
        if (relative.startsWith("local/rules/")) {
            return Role.PROMETHEUS_RULES;
        }
        if (relative.startsWith("monitoring/tests/")) {
            return Role.PROMTOOL_TESTS;
        }
        List<JsonNode> docs = DeployTree.documents(file);
        if (!docs.isEmpty() && docs.stream().allMatch(DeployTree::isKubernetesObject)) {
            return Role.KUBERNETES_OBJECTS;
        }
        if (docs.size() == 1 && docs.get(0).isArray() && referencedAsPatch(file)) {
            return Role.KUSTOMIZE_PATCH;
        }
        return Role.UNKNOWN;
    }

    static List<Path> files(Role role) {
        return DeployTree.yamlFiles().stream().filter(f -> roleOf(f) == role).toList();
    }

    static List<Path> kubernetesFiles() {
        return files(Role.KUBERNETES_OBJECTS);
    }

    static List<Path> kustomizations() {
        return files(Role.KUSTOMIZATION).stream().map(Path::getParent).toList();
    }

    @Test
    void every_yaml_file_under_deploy_is_validated_by_some_test() {
        Map<String, String> roles = new TreeMap<>();
        DeployTree.yamlFiles().forEach(f -> roles.put(DeployTree.name(f), roleOf(f).validatedBy));

        assertThat(roles).doesNotContainValue(Role.UNKNOWN.validatedBy);
        assertThat(roles).as("the kinds of files this module knows").containsValues(
                Role.KUBERNETES_OBJECTS.validatedBy, Role.KUSTOMIZATION.validatedBy, Role.RBAC_NEEDS.validatedBy);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubernetesFiles")
    void every_object_in_the_file_parses_into_the_typed_model_without_unknown_fields(Path file) {
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : DeployTree.documents(file)) {
            TypedModel.problems(doc).forEach(p -> problems.add(DeployTree.name(file) + ": " + DeployTree.describe(doc) + ": " + p));
        }

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void every_kustomization_renders_into_valid_typed_objects(Path dir) {
        List<JsonNode> docs = Kustomize.render(DeployTree.DEPLOY.relativize(dir).toString());
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            TypedModel.problems(doc).forEach(p -> problems.add("kubectl kustomize " + DeployTree.name(dir) + ": "
                    + DeployTree.describe(doc) + ": " + p));
        }

        assertThat(docs).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.sluice.deploy.Kustomize#ENTRY_POINTS")
    void every_namespaced_object_of_an_install_lands_in_sluice_system(String entryPoint) {
        List<String> outside = Kustomize.render(entryPoint).stream()
                .filter(doc -> !CLUSTER_SCOPED.contains(doc.path("kind").asText()))
                .filter(doc -> !doc.path("metadata").path("namespace").asText().equals("sluice-system"))
                // sluice-analysis reads Secrets only in the namespaces it watches: one Role + RoleBinding in each
                .filter(doc -> !doc.path("metadata").path("name").asText().equals("sluice-analysis-secrets"))
                .map(DeployTree::describe)
                .toList();

        assertThat(outside).isEmpty();
    }

    private static boolean referencedAsPatch(Path file) {
        Path kustomization = file.resolveSibling("kustomization.yaml");
        try {
            return Files.exists(kustomization) && DeployTree.documents(kustomization).get(0).path("patches").findValuesAsText("path")
                    .contains(file.getFileName().toString());
        } catch (RuntimeException e) {
            return false;
        }
    }

}
