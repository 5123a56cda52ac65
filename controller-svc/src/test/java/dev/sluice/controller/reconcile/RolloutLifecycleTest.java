package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.pause;
import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.values.LabelValues;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.controller.workload.Workloads;
import dev.sluice.events.EventType;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Rollout's life around the step engine, against the Kubernetes test server (CRUD) and the real broker: reconcile
 * errors in status, long names, workloadRef replicas, scaleDown and the Deployment watch.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class RolloutLifecycleTest {
    /** Well below the 30 s resync: a change seen this fast came from a watch, not the periodic resync. */
    private static final Duration WATCH = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;

    RolloutFixture given;

    @BeforeEach
    void setUp() {
        given = new RolloutFixture(client);
        given.services("web-stable", "web-canary");
    }

    @AfterEach
    void tearDown() {
        given.close();
    }

    @Test
    void an_exception_in_a_reconcile_is_written_as_reconcile_error_and_retried_until_it_succeeds() {
        // a fault the reconcile does not expect: a ReplicaSet carrying the rollout's labels but no spec
        client.apps().replicaSets().inNamespace(given.namespace).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("flaky-foreign").addToLabels(Workloads.ROLLOUT_LABEL, "flaky").addToLabels(TemplateHash.LABEL, "foreign")
                .endMetadata().build()).create();
        given.create(RolloutFixture.rollout("flaky", "web:1", List.of(weight(50))));

        await().atMost(RolloutFixture.WAIT).ignoreExceptions().untilAsserted(() -> assertThat(given.get("flaky").getStatus().conditions)
                .anySatisfy(c -> {
                    assertThat(c.type).isEqualTo("ReconcileError");
                    assertThat(c.status).isEqualTo("True");
                    assertThat(c.message).startsWith("reconcile failed (attempt ").contains("NullPointerException", "getSpec()");
                }));
        client.apps().replicaSets().inNamespace(given.namespace).withName("flaky-foreign").delete();
        Rollout healthy = given.awaitPhase("flaky", "Healthy");
        assertThat(healthy.getStatus().conditions).noneSatisfy(c -> assertThat(c.type).isEqualTo("ReconcileError"));
    }

    @Test
    void a_200_character_name_works_with_its_label_value_hashed_to_63_characters() {
        String name = "checkout-" + "x".repeat(190) + "z";
        assertThat(name).hasSize(200);
        given.create(RolloutFixture.rollout(name, "web:1", List.of(weight(50))));

        Rollout healthy = given.awaitPhase(name, "Healthy");
        ReplicaSet rs = client.apps().replicaSets().inNamespace(given.namespace).withName(name + "-" + healthy.getStatus().stableRS).get();
        assertThat(rs.getMetadata().getLabels().get(Workloads.ROLLOUT_LABEL)).isEqualTo(LabelValues.of(name)).hasSize(63);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void a_workload_ref_without_replicas_takes_them_from_the_deployment_and_never_scales_it_down_by_default() {
        deployment("legacy", 3, "web:legacy");
        given.create(referencing("adopt", "legacy", null));

        Rollout healthy = given.awaitPhase("adopt", "Healthy");
        assertThat(client.apps().replicaSets().inNamespace(given.namespace).withName("adopt-" + healthy.getStatus().stableRS).get()
                .getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(given.namespace).withName("legacy").get().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void scale_down_onsuccess_scales_the_deployment_to_zero_once_healthy_and_keeps_its_count_for_the_rollout() {
        deployment("legacy", 3, "web:legacy");
        given.create(referencing("adopt", "legacy", "onsuccess"));

        given.awaitPhase("adopt", "Healthy");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(given.namespace).withName("legacy").get();
            assertThat(d.getSpec().getReplicas()).isZero();
            assertThat(d.getMetadata().getAnnotations()).containsEntry(Workloads.REPLICAS_ANNOTATION, "3");
        });
        Rollout after = given.get("adopt");
        assertThat(client.apps().replicaSets().inNamespace(given.namespace).withName("adopt-" + after.getStatus().stableRS).get()
                .getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void scale_down_progressively_leaves_the_deployment_what_the_rollout_does_not_yet_run() {
        deployment("legacy", 3, "web:legacy");
        given.create(referencing("adopt", "legacy", "progressively"));

        given.awaitPhase("adopt", "Healthy");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.apps().deployments().inNamespace(given.namespace)
                .withName("legacy").get().getSpec().getReplicas()).isZero());
    }

    @Test
    void a_template_change_of_the_referenced_deployment_is_picked_up_at_once() {
        deployment("legacy", 2, "web:legacy");
        given.create(referencing("adopt", "legacy", null));
        given.awaitPhase("adopt", "Healthy");

        client.apps().deployments().inNamespace(given.namespace).withName("legacy").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("web:next");
            return d;
        });
        String next = TemplateHash.of(RolloutFixture.template("web:next"));
        await().atMost(WATCH).untilAsserted(() -> assertThat(given.get("adopt").getStatus().currentPodHash).isEqualTo(next));
    }

    @Test
    void every_step_pause_and_abort_is_a_kubernetes_event_on_the_rollout() {
        given.healthyThenNewRevision("noted", List.of(weight(20), pause(null)));
        given.acknowledgeShift("noted", 20);
        given.awaitPhase("noted", "Paused");
        given.command("noted", EventType.COMMAND_ABORT);

        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(given.namespace).list()
                .getItems().stream().filter(e -> "noted".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList())
                .contains("Normal RolloutCompleted: revision " + TemplateHash.of(RolloutFixture.template("web:1"))
                        + " Healthy: revision " + TemplateHash.of(RolloutFixture.template("web:1")) + " is stable and available")
                .anySatisfy(e -> assertThat(e).startsWith("Normal StepStarted: revision ").endsWith(" step 0: setWeight: 20"))
                .anySatisfy(e -> assertThat(e).startsWith("Normal RolloutPaused: revision ").endsWith(" paused at step 1 (CanaryPauseStep) until promoted"))
                .anySatisfy(e -> assertThat(e).startsWith("Warning RolloutAborted: revision ")));
    }

    @Test
    void deleting_a_rollout_mid_canary_returns_traffic_to_stable_before_the_finalizer_goes() {
        given.healthyThenNewRevision("gone", List.of(weight(20), pause(null)));
        given.acknowledgeShift("gone", 20);
        given.awaitPhase("gone", "Paused");

        client.resources(Rollout.class).inNamespace(given.namespace).withName("gone").delete();

        TrafficShiftRequested home = given.awaitShift("gone", 0);
        assertThat(home.headerRoutes()).isEmpty();
        assertThat(given.get("gone")).as("kept by its finalizer until the routes are back").isNotNull();
        given.acknowledgeShift("gone", 0);
        await().atMost(RolloutFixture.WAIT).until(() -> client.resources(Rollout.class).inNamespace(given.namespace).withName("gone").get() == null);
    }

    private void deployment(String name, int replicas, String image) {
        client.apps().deployments().inNamespace(given.namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(RolloutFixture.template(image)).endSpec().build()).create();
    }

    private static Rollout referencing(String name, String deployment, String scaleDown) {
        Rollout rollout = RolloutFixture.rollout(name, "unused", List.of(weight(50), pause(null)));
        rollout.getSpec().template = null;
        rollout.getSpec().replicas = null;
        rollout.getSpec().workloadRef = new RolloutSpec.WorkloadRef();
        rollout.getSpec().workloadRef.apiVersion = "apps/v1";
        rollout.getSpec().workloadRef.kind = "Deployment";
        rollout.getSpec().workloadRef.name = deployment;
        rollout.getSpec().workloadRef.scaleDown = scaleDown;
        return rollout;
    }
}
