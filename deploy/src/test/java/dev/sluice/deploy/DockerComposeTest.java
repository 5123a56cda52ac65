package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.deploy.ServiceConfig.Service;
import dev.sluice.events.Topics;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker-compose.yml is validated, not run (no Docker engine here): {@code docker-compose config} (Debian's
 * docker-compose; skipped with a message when it is not installed) must accept it, and the resolved file must wire
 * the local stack the way the cluster install does. The Dockerfiles must build the image the Deployments expect.
 */
class DockerComposeTest {
    static final Optional<Tool> COMPOSE = Tool.find("docker-compose");

    static Tool compose() {
        assumeTrue(COMPOSE.isPresent(), "docker-compose is not installed (Debian package docker-compose): "
                + "skipping the docker-compose.yml checks");
        return COMPOSE.get();
    }

    private static JsonNode resolved;

    /** The file as docker-compose resolves it (anchors merged, paths absolute); docker-compose is slow, so once. */
    static synchronized JsonNode resolved() {
        if (resolved == null) {
            Tool.Result result = compose().run(DeployTree.ROOT, "-f", "docker-compose.yml", "config");
            assertThat(result.ok()).as(result.describe()).isTrue();
            resolved = DeployTree.documents(result.stdout()).get(0);
        }
        return resolved;
    }

    @Test
    void docker_compose_accepts_the_file() {
        Tool.Result result = compose().run(DeployTree.ROOT, "-f", "docker-compose.yml", "config", "-q");

        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("rejects an option compose does not know", """
                        services:
                          kafka:
                            image: apache/kafka:4.1.2
                            restart_policy: always
                        """),
                Arguments.of("rejects a dependency on a service that does not exist", """
                        services:
                          sluice-traffic:
                            image: sluice/sluice-traffic:dev
                            depends_on: [kafka]
                        """),
                Arguments.of("rejects a port of the wrong shape", """
                        services:
                          kafka:
                            image: apache/kafka:4.1.2
                            ports: [{published: nine}]
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void the_check_catches_a_broken_file(String behaviour, String yaml) throws IOException {
        Path dir = Files.createDirectories(DeployTree.deploy("target/compose"));
        Path file = Files.writeString(dir.resolve(behaviour.replaceAll("\\W+", "-") + ".yml"), yaml);

        Tool.Result result = compose().run(dir, "-f", file.toString(), "config", "-q");

        assertThat(result.ok()).as("docker-compose config -q on a broken file").isFalse();
    }

    @Test
    void the_stack_runs_kafka_the_four_services_prometheus_and_a_kubernetes_api() {
        List<String> services = new ArrayList<>();
        resolved().path("services").fieldNames().forEachRemaining(services::add);

        assertThat(services).containsExactlyInAnyOrder("kafka", "kafka-init", "k3s", "prometheus",
                "sluice-controller", "sluice-analysis", "sluice-traffic", "sluice-notify");
    }

    @Test
    void kafka_init_creates_every_sluice_topic_with_one_partition_count() {
        String script = resolved().at("/services/kafka-init/command").toString();

        assertThat(Topics.all()).allSatisfy(topic -> assertThat(script).contains(topic));
        assertThat(script.split("--partitions ", -1)).hasSize(2);
    }

    @Test
    void the_kubernetes_api_installs_every_generated_crd() throws IOException {
        String volumes = resolved().at("/services/k3s/volumes").toString();

        try (Stream<Path> crds = Files.list(DeployTree.deploy("crds"))) {
            assertThat(crds.filter(p -> p.toString().endsWith(".sluice.dev.yaml")).toList()).allSatisfy(crd -> assertThat(volumes).contains("deploy/crds/" + crd.getFileName() + ":"));
        }
    }

    static Stream<Service> services() {
        return ServiceConfig.SERVICES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void each_service_is_built_from_its_dockerfile_and_pointed_at_the_local_kafka(Service service) {
        JsonNode definition = resolved().at("/services/" + service.name());
        Path dockerfile = Path.of(definition.at("/build/context").asText()).resolve(definition.at("/build/dockerfile").asText());

        assertThat(dockerfile).isEqualTo(DeployTree.ROOT.resolve(service.module()).resolve("src/main/docker/Dockerfile.jvm"));
        assertThat(definition.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
        assertThat(definition.at("/read_only").asBoolean()).as("read-only root filesystem, as in the cluster").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void the_dockerfile_builds_the_image_the_deployment_runs(Service service) throws IOException {
        Path dockerfile = DeployTree.ROOT.resolve(service.module()).resolve("src/main/docker/Dockerfile.jvm");
        List<String> lines = Files.readAllLines(dockerfile);
        Deployment deployment = (Deployment) TypedModel.parse(DeployTree.documents(
                DeployTree.deploy("base/" + service.name().substring("sluice-".length()) + "/deployment.yaml")).get(0));
        var pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(lines).contains("USER " + pod.getSecurityContext().getRunAsUser());
        assertThat(lines).contains("EXPOSE " + pod.getContainers().get(0).getPorts().get(0).getContainerPort());
        assertThat(lines).anyMatch(l -> l.startsWith("COPY --chown=185 target/quarkus-app/"));
    }
}
