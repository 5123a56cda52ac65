package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.pause;
import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.cli.Main;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kubectl-sluice against the controller, end to end: the CLI writes the command annotation with the user's
 * credentials only, the controller relays it to Kafka as dev.sluice.command.* and acts on it; status is the CI gate;
 * undo rolls back. Kubernetes test server (CRUD) and the real broker.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class CliEndToEndTest {
    @Inject
    KubernetesClient client;

    RolloutFixture given;
    ConsumerTask<String, byte[]> commands;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() {
        given = new RolloutFixture(client);
        given.services("web-stable", "web-canary");
        commands = given.bus.watch(Topics.COMMANDS);
        KubeOptions.useCluster(ns -> new Cluster(new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
                ns == null ? given.namespace : ns));
    }

    @AfterEach
    void tearDown() {
        KubeOptions.useCluster(null);
        commands.stop();
        given.close();
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private List<String> commandTypes(String name) {
        return commands.getRecords().stream().filter(r -> given.id(name).equals(r.key()))
                .map(CliEndToEndTest::ceType).toList();
    }

    private static String ceType(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
    }

    @Test
    void promote_reaches_kafka_as_a_command_and_status_follows_the_rollout_to_healthy() throws Exception {
        given.create(RolloutFixture.rollout("cart", "web:1", List.of(weight(20), pause(null), weight(60))));
        given.awaitPhase("cart", "Healthy");
        given.setImage("cart", "web:2");
        String canary = TemplateHash.of(RolloutFixture.template("web:2"));
        given.acknowledgeShift("cart", 20);
        given.awaitPhase("cart", "Paused");
        CompletableFuture<Run> status = CompletableFuture.supplyAsync(() -> cli("status", "cart", "--timeout", "60s"));

        Run promote = cli("promote", "cart");

        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("for revision " + canary);
        await().atMost(RolloutFixture.WAIT).until(() -> commandTypes("cart").contains("dev.sluice.command.promote.v1"));
        await().atMost(RolloutFixture.WAIT).until(() -> given.get("cart").getMetadata().getAnnotations() == null
                || !given.get("cart").getMetadata().getAnnotations().containsKey("sluice.dev/command"));
        given.acknowledgeShift("cart", 60);
        await().atMost(RolloutFixture.WAIT).until(() -> canary.equals(given.get("cart").getStatus().stableRS));
        given.acknowledgeShift("cart", 0);

        Run gate = status.get();
        assertThat(gate.exit()).as(gate.out() + gate.err()).isZero();
        assertThat(gate.out().lines().toList()).first().asString().startsWith("Paused - step 1/3");
        assertThat(gate.out().lines().toList()).last().asString().startsWith("Healthy");
        assertThat(given.get("cart").getStatus().conditions).anySatisfy(c -> {
            assertThat(c.type).isEqualTo("Ready");
            assertThat(c.status).isEqualTo("True");
        });
        assertThat(commandTypes("cart")).containsOnlyOnce("dev.sluice.command.promote.v1");
    }

    @Test
    void abort_degrades_status_exits_1_and_undo_rolls_back_to_healthy() {
        given.create(RolloutFixture.rollout("shop", "web:1", List.of(weight(30), pause(null), weight(70))));
        given.awaitPhase("shop", "Healthy");
        given.setImage("shop", "web:2");
        given.acknowledgeShift("shop", 30);
        given.awaitPhase("shop", "Paused");

        Run abort = cli("abort", "shop", "--reason", "error budget");
        assertThat(abort.exit()).as(abort.err()).isZero();
        await().atMost(RolloutFixture.WAIT).until(() -> commandTypes("shop").contains("dev.sluice.command.abort.v1"));
        given.acknowledgeShift("shop", 0);
        given.awaitPhase("shop", "Degraded");
        assertThat(given.get("shop").getStatus().conditions).anySatisfy(c -> {
            assertThat(c.type).isEqualTo("Stalled");
            assertThat(c.status).isEqualTo("True");
        });

        Run degraded = cli("status", "shop", "--timeout", "30s");
        assertThat(degraded.exit()).as(degraded.out()).isEqualTo(1);
        assertThat(degraded.out()).startsWith("Degraded");

        Run undo = cli("undo", "shop");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(given.get("shop").getSpec().template.getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
        Run healthy = cli("status", "shop", "--timeout", "60s");
        assertThat(healthy.exit()).as(healthy.out() + healthy.err()).isZero();
        assertThat(given.get("shop").getStatus().stableRS).isEqualTo(TemplateHash.of(RolloutFixture.template("web:1")));
    }
}
