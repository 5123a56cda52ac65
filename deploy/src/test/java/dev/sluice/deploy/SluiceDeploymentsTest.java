package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.deploy.RollingUpdateRules.Sourced;
import dev.sluice.deploy.ServiceConfig.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Sluice's own Deployments follow the rolling-update rules, in their source files and in every rendered install. */
class SluiceDeploymentsTest {
    static final List<String> INSTALLS = List.of("overlays/strimzi", "overlays/byo-kafka");

    static Stream<Service> services() {
        return ServiceConfig.SERVICES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void the_deployment_file_of_each_service_follows_the_rolling_update_rules(Service service) {
        String dir = "base/" + service.name().substring("sluice-".length());
        Path deploymentFile = DeployTree.deploy(dir + "/deployment.yaml");
        Path budgetFile = DeployTree.deploy(dir + "/poddisruptionbudget.yaml");
        Deployment deployment = (Deployment) TypedModel.parse(DeployTree.documents(deploymentFile).get(0));
        PodDisruptionBudget budget = (PodDisruptionBudget) TypedModel.parse(DeployTree.documents(budgetFile).get(0));

        assertThat(deployment.getMetadata().getName()).isEqualTo(service.name());
        assertThat(RollingUpdateRules.check(new Sourced<>(DeployTree.name(deploymentFile), deployment),
                List.of(new Sourced<>(DeployTree.name(budgetFile), budget)), ServiceConfig.shutdownTimeoutSeconds(service)))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INSTALLS")
    void every_rendered_install_runs_every_service_by_the_rolling_update_rules(String install) {
        List<JsonNode> docs = Kustomize.render(install);
        String file = "kubectl kustomize deploy/" + install;
        List<Sourced<PodDisruptionBudget>> budgets = docs.stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
                .map(d -> new Sourced<>(file + " (" + DeployTree.describe(d) + ")", (PodDisruptionBudget) TypedModel.parse(d)))
                .toList();
        List<Violation> violations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("Deployment")) {
                Deployment deployment = (Deployment) TypedModel.parse(doc);
                String name = deployment.getMetadata().getName();
                names.add(name);
                Service service = ServiceConfig.SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
                violations.addAll(RollingUpdateRules.check(new Sourced<>(file + " (Deployment " + name + ")", deployment),
                        budgets, shutdownTimeoutSeconds(service, docs)));
            }
        }

        assertThat(names).containsExactlyInAnyOrderElementsOf(ServiceConfig.SERVICES.stream().map(Service::name).toList());
        assertThat(violations).isEmpty();
    }

    /** The service's own timeout, unless the install's configuration overrides it (QUARKUS_SHUTDOWN_TIMEOUT). */
    private static long shutdownTimeoutSeconds(Service service, List<JsonNode> docs) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .map(d -> d.at("/data/QUARKUS_SHUTDOWN_TIMEOUT"))
                .filter(JsonNode::isTextual)
                .map(v -> Duration.parse("PT" + v.asText().strip().toUpperCase()).toSeconds())
                .max(Long::compare)
                .orElseGet(() -> ServiceConfig.shutdownTimeoutSeconds(service));
    }
}
