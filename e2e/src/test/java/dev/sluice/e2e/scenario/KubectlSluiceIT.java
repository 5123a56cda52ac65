package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.Main;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.EventType;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubectl-sluice against the running controller, end to end: the CLI writes the command annotation with the user's
 * credentials only, the controller relays it to Kafka as dev.sluice.command.* and acts on it; status is the CI gate;
 * undo rolls back. (Here rather than in controller-svc so that controller-svc's tests do not depend on the cli module,
 * which depends on lint, which reads controller-svc's validation: no reactor cycle.)
 */
class KubectlSluiceIT {
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
        KubeOptions.useCluster(ns -> new dev.sluice.cli.kube.Cluster(
                new KubernetesClientBuilder().withConfig(harness.kube().getConfiguration()).build(), ns));
    }

    @AfterAll
    static void restoreKubeconfig() {
        KubeOptions.useCluster(null);
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Cluster pausedCanary(String ns, int weight) {
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0",
                List.of("setWeight: " + weight, "pause: {}", "setWeight: 60")));
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the rollout to pause").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(weight);
        });
        return cluster;
    }

    @Test
    void promote_reaches_kafka_as_a_command_and_status_follows_the_rollout_to_healthy() throws Exception {
        String ns = "kubectl-promote";
        String id = ns + "/" + Manifests.ROLLOUT;
        Cluster cluster = pausedCanary(ns, 20);
        String canary = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();
        CompletableFuture<Run> status = CompletableFuture.supplyAsync(
                () -> cli("status", Manifests.ROLLOUT, "-n", ns, "--timeout", "90s"));

        Run promote = cli("promote", Manifests.ROLLOUT, "-n", ns);

        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("for revision " + canary);
        await("the command on Kafka").atMost(Duration.ofSeconds(30))
                .until(() -> !harness.events().of(id, EventType.COMMAND_PROMOTE).isEmpty());
        await("the revision to be promoted").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var s = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(s.path("phase").asText()).isEqualTo("Healthy");
            assertThat(s.path("stableRS").asText()).isEqualTo(canary);
        });
        assertThat(cluster.rollout(ns, Manifests.ROLLOUT).path("metadata").path("annotations").has("sluice.dev/command"))
                .as("the controller consumed the command annotation").isFalse();

        Run gate = status.get();
        assertThat(gate.exit()).as(gate.out() + gate.err()).isZero();
        assertThat(gate.out().lines().toList()).first().asString().startsWith("Paused - step 1/3");
        assertThat(gate.out().lines().toList()).last().asString().startsWith("Healthy");
        // one command: after a crash or a rebalance the relay may publish it again under the same CloudEvents id (at-least-once; the inbox records an id
        // once), and the rollout was promoted once (Healthy on the canary above)
        assertThat(harness.events().of(id, EventType.COMMAND_PROMOTE).stream().map(e -> e.envelope().id()).distinct())
                .hasSize(1);
    }

    @Test
    void abort_degrades_status_exits_1_and_undo_rolls_back_to_healthy() {
        String ns = "kubectl-abort";
        String id = ns + "/" + Manifests.ROLLOUT;
        Cluster cluster = pausedCanary(ns, 30);
        String stable = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/stableRS").asText();

        Run abort = cli("abort", Manifests.ROLLOUT, "-n", ns, "--reason", "error budget");
        assertThat(abort.exit()).as(abort.err()).isZero();
        await("the command on Kafka").atMost(Duration.ofSeconds(30))
                .until(() -> !harness.events().of(id, EventType.COMMAND_ABORT).isEmpty());
        await("the abort").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Degraded");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(0);
        });

        Run degraded = cli("status", Manifests.ROLLOUT, "-n", ns, "--timeout", "30s");
        assertThat(degraded.exit()).as(degraded.out()).isEqualTo(1);
        assertThat(degraded.out()).startsWith("Degraded");

        Run undo = cli("undo", Manifests.ROLLOUT, "-n", ns);
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(cluster.rollout(ns, Manifests.ROLLOUT).at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("sluice/demo-app:1.0");
        Run healthy = cli("status", Manifests.ROLLOUT, "-n", ns, "--timeout", "60s");
        assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
        assertThat(cluster.rollout(ns, Manifests.ROLLOUT).at("/status/stableRS").asText()).isEqualTo(stable);
    }
}
