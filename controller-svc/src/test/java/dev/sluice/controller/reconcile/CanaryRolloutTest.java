package dev.sluice.controller.reconcile;

import static dev.sluice.controller.reconcile.RolloutFixture.analysis;
import static dev.sluice.controller.reconcile.RolloutFixture.pause;
import static dev.sluice.controller.reconcile.RolloutFixture.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Canary rollouts end to end inside the controller: Kubernetes test server (CRUD) and the real broker. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class CanaryRolloutTest {

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

    /** Creates the rollout, lets its first revision become Healthy, then changes the image; returns the new hash. */
    private String newRevision(String name, List<dev.sluice.api.rollout.CanaryStrategy.CanaryStep> steps) {
        given.create(RolloutFixture.rollout(name, "web:1", steps));
        Rollout first = given.awaitPhase(name, "Healthy");
        assertThat(first.getStatus().stableRS).isEqualTo(TemplateHash.of(RolloutFixture.template("web:1")));
        given.setImage(name, "web:2");
        return TemplateHash.of(RolloutFixture.template("web:2"));
    }

    @Test
    void goes_20_percent_pause_analysis_50_percent_and_is_promoted() {
        String canary = newRevision("web", List.of(weight(20), pause("1s"), analysis("success-rate"), weight(50)));

        TrafficShiftRequested twenty = given.acknowledgeShift("web", 20);
        assertThat(twenty.canaryHash()).isEqualTo(canary);
        assertThat(twenty.routing().istio().virtualServices()).singleElement()
                .satisfies(vs -> assertThat(vs.name()).isEqualTo("web-vs"));
        AnalysisRequested analysis = given.awaitAnalysis("web");
        assertThat(analysis.runName()).isEqualTo("web-" + canary + "-" + analysis.sequence() + "-2");
        assertThat(analysis.templates()).extracting(AnalysisRequested.TemplateRef::templateName).containsExactly("success-rate");
        given.verdict(analysis, AnalysisPhase.Successful, null, null);
        given.acknowledgeShift("web", 50);
        await().atMost(RolloutFixture.WAIT).until(() -> given.get("web").getStatus().stableRS.equals(canary));
        given.acknowledgeShift("web", 0);

        Rollout done = given.awaitPhase("web", "Healthy");
        assertThat(done.getStatus().stableRS).isEqualTo(canary);
        assertThat(client.services().inNamespace(given.namespace).withName("web-stable").get().getSpec().getSelector())
                .containsEntry(TemplateHash.LABEL, canary);
        // the events were acknowledged by the broker before status said Healthy; the test's consumer may lag
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.events("web").stream()
                .filter(e -> canary.equals(e.revision())).map(RolloutStepEvent::getClass)
                .map(Class::getSimpleName)).containsExactly("RevisionDetected", "StepStarted", "TrafficShiftRequested",
                "StepStarted", "RolloutPaused", "StepStarted", "AnalysisRequested", "StepStarted", "TrafficShiftRequested",
                "RolloutPromoted", "TrafficShiftRequested", "RolloutCompleted"));
        assertThat(given.events("web").stream().mapToLong(RolloutStepEvent::sequence)).isSorted().doesNotHaveDuplicates();
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.apps().replicaSets().inNamespace(given.namespace)
                .list().getItems()).filteredOn(rs -> !canary.equals(rs.getMetadata().getLabels().get(TemplateHash.LABEL)))
                .allSatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero()));
    }

    @Test
    void a_failed_verdict_aborts_returns_traffic_to_stable_and_names_the_metric() {
        String canary = newRevision("shop", List.of(weight(20), analysis("success-rate"), weight(50)));
        given.acknowledgeShift("shop", 20);
        given.verdict(given.awaitAnalysis("shop"), AnalysisPhase.Failed, "error-rate", "0.31");

        given.acknowledgeShift("shop", 0);
        Rollout aborted = given.awaitPhase("shop", "Degraded");
        assertThat(aborted.getStatus().abort).isTrue();
        assertThat(aborted.getStatus().message).contains("error-rate").contains("0.31");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.events("shop", RolloutAborted.class))
                .singleElement().satisfies(a -> assertThat(a.metricName()).isEqualTo("error-rate")));
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.apps().replicaSets()
                .inNamespace(given.namespace).withName("shop-" + canary).get().getSpec().getReplicas()).isZero());
        assertThat(given.get("shop").getStatus().stableRS).isNotEqualTo(canary);
    }

    @Test
    void an_indefinite_pause_waits_for_a_promote_command() {
        String canary = newRevision("cart", List.of(weight(20), pause(null), weight(60)));
        given.acknowledgeShift("cart", 20);
        given.awaitPhase("cart", "Paused");
        assertThat(given.get("cart").getStatus().currentStepIndex).isEqualTo(1);

        given.command("cart", EventType.COMMAND_PROMOTE);

        given.acknowledgeShift("cart", 60);
        await().atMost(RolloutFixture.WAIT).until(() -> canary.equals(given.get("cart").getStatus().stableRS));
        given.acknowledgeShift("cart", 0);
        given.awaitPhase("cart", "Healthy");
        assertThat(given.get("cart").getStatus().stepHistory).filteredOn(r -> r.index == 1).singleElement()
                .satisfies(r -> assertThat(r.outcome).isEqualTo("promoted by test"));
    }

    @Test
    void an_invalid_spec_gets_invalid_spec_with_every_violation_and_resumes_once_fixed() {
        Rollout bad = RolloutFixture.rollout("bad", "web:1", List.of(weight(150), pause("soon")));
        given.create(bad);

        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.get("bad").getStatus()).isNotNull()
                .satisfies(s -> assertThat(s.conditions).anySatisfy(c -> {
                    assertThat(c.type).isEqualTo("InvalidSpec");
                    assertThat(c.message).contains("setWeight 150 is outside 0..100").contains("'soon' is not a duration");
                })));
        assertThat(client.apps().replicaSets().inNamespace(given.namespace).list().getItems()).isEmpty();

        client.resources(Rollout.class).inNamespace(given.namespace).withName("bad").edit(r -> {
            r.getSpec().strategy.canary.steps = List.of(weight(50), pause("1m"));
            return r;
        });
        Rollout fixed = given.awaitPhase("bad", "Healthy");
        assertThat(fixed.getStatus().conditions).noneSatisfy(c -> assertThat(c.type).isEqualTo("InvalidSpec"));
    }

    @Test
    void a_failed_traffic_shift_sets_a_condition_and_is_requested_again_after_a_backoff() {
        newRevision("retry", List.of(weight(20), pause(null)));
        TrafficShiftRequested first = given.failShift("retry", 20, "route primary not found");

        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.get("retry").getStatus().conditions)
                .anySatisfy(c -> {
                    assertThat(c.type).isEqualTo("TrafficShiftFailed");
                    assertThat(c.message).contains("route primary not found");
                }));
        TrafficShiftRequested again = await().atMost(RolloutFixture.WAIT).until(() -> given.events("retry", TrafficShiftRequested.class)
                .stream().filter(r -> r.canaryWeight() == 20 && r.sequence() > first.sequence()).findFirst().orElse(null), r -> r != null);
        assertThat(java.time.Duration.between(first.time(), again.time())).isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(5));

        given.acknowledgeShift("retry", 20);
        given.awaitPhase("retry", "Paused");
        assertThat(given.get("retry").getStatus().conditions).noneSatisfy(c -> assertThat(c.type).isEqualTo("TrafficShiftFailed"));
    }

    @Test
    void a_workload_ref_uses_the_deployments_template_and_scales_the_deployment_to_zero() {
        client.apps().deployments().inNamespace(given.namespace).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata().withName("legacy").endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(RolloutFixture.template("web:legacy")).endSpec().build()).create();
        Rollout rollout = RolloutFixture.rollout("adopt", "unused", List.of(weight(50), pause(null)));
        rollout.getSpec().template = null;
        rollout.getSpec().workloadRef = new dev.sluice.api.rollout.RolloutSpec.WorkloadRef();
        rollout.getSpec().workloadRef.apiVersion = "apps/v1";
        rollout.getSpec().workloadRef.kind = "Deployment";
        rollout.getSpec().workloadRef.name = "legacy";
        rollout.getSpec().workloadRef.scaleDown = "onsuccess";
        given.create(rollout);

        Rollout healthy = given.awaitPhase("adopt", "Healthy");
        assertThat(healthy.getStatus().stableRS).isEqualTo(TemplateHash.of(RolloutFixture.template("web:legacy")));
        assertThat(client.apps().replicaSets().inNamespace(given.namespace).withName("adopt-" + healthy.getStatus().stableRS).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("web:legacy");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(client.apps().deployments()
                .inNamespace(given.namespace).withName("legacy").get().getSpec().getReplicas()).isZero());
    }
}
