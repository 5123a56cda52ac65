package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.deploy.ServiceConfig.Service;
import dev.sluice.deploy.SluicePodRules.Sourced;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Manifest;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import dev.sluice.lint.Lint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sluice's own manifests pass Sluice's own lint ({@code sluice lint}: the zero-downtime rules, the Rollout and
 * AnalysisTemplate validation), and its Deployments follow its house rules ({@link SluicePodRules}), in their source
 * files and in every rendered install.
 */
class SluiceDeploymentsTest {
    static final List<String> INSTALLS = List.of("overlays/strimzi", "overlays/byo-kafka");

    static Stream<Service> services() {
        return ServiceConfig.SERVICES.stream();
    }

    @Test
    void deploy_passes_its_own_lint_with_no_error() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        List<String> args = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(DeployTree.DEPLOY)) {
            entries.filter(p -> java.nio.file.Files.isDirectory(p) || p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                    .forEach(p -> { args.add("-f"); args.add(p.toString()); });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int code = Lint.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void the_deployment_file_of_each_service_follows_the_house_rules_and_states_its_shutdown_timeout(Service service) {
        String dir = "base/" + service.name().substring("sluice-".length());
        Path deploymentFile = DeployTree.deploy(dir + "/deployment.yaml");
        JsonNode doc = DeployTree.documents(deploymentFile).get(0);
        Deployment deployment = (Deployment) TypedModel.parse(doc);

        assertThat(deployment.getMetadata().getName()).isEqualTo(service.name());
        assertThat(SluicePodRules.check(new Sourced<>(DeployTree.name(deploymentFile), deployment))).isEmpty();
        // the grace-period rule judges the app's real shutdown, not the lint's default
        assertThat(new Manifest(DeployTree.name(deploymentFile), doc).annotation(Subject.SHUTDOWN_ANNOTATION))
                .isEqualTo(String.valueOf(ServiceConfig.shutdownTimeoutSeconds(service)));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INSTALLS")
    void every_rendered_install_runs_every_service_with_no_lint_finding_at_all(String install) {
        List<JsonNode> docs = Kustomize.render(install);
        String file = "kubectl kustomize deploy/" + install;
        List<Violation> violations = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("Deployment")) {
                Deployment deployment = (Deployment) TypedModel.parse(doc);
                names.add(deployment.getMetadata().getName());
                violations.addAll(SluicePodRules.check(new Sourced<>(file + " (Deployment " + deployment.getMetadata().getName() + ")",
                        deployment)));
                assertThat(doc.at("/metadata/annotations").path(Subject.SHUTDOWN_ANNOTATION).asLong())
                        .as("%s: the shutdown the lint judges against is the install's", file)
                        .isGreaterThanOrEqualTo(shutdownTimeoutSeconds(docs));
            }
        }
        List<Finding> findings = Lint.findings(docs.stream().map(d -> new Manifest(file, d)).toList());

        assertThat(names).containsExactlyInAnyOrderElementsOf(ServiceConfig.SERVICES.stream().map(Service::name).toList());
        assertThat(violations).isEmpty();
        assertThat(findings).as("warnings too: an install is what users run").extracting(Finding::toString).isEmpty();
        assertThat(findings).noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** The install's shutdown timeout: its configuration's QUARKUS_SHUTDOWN_TIMEOUT, else the services' 20 s. */
    private static long shutdownTimeoutSeconds(List<JsonNode> docs) {
        return docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap"))
                .map(d -> d.at("/data/QUARKUS_SHUTDOWN_TIMEOUT"))
                .filter(JsonNode::isTextual)
                .map(v -> Duration.parse("PT" + v.asText().strip().toUpperCase()).toSeconds())
                .max(Long::compare)
                .orElseGet(() -> ServiceConfig.SERVICES.stream().mapToLong(ServiceConfig::shutdownTimeoutSeconds).max().orElse(0));
    }
}
