package dev.sluice.controller.hygiene;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.reconcile.RolloutFixture;
import dev.sluice.controller.reconcile.ReconcileMemos;
import dev.sluice.controller.reconcile.RolloutReconciler;
import dev.sluice.controller.rollout.ResyncSkip;
import dev.sluice.events.ZeroDowntimeFindings;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given a Rollout whose pod template lacks a readiness probe and a preStop hook and whose pods no budget protects,
 * when the controller reconciles it, then it still rolls out, and its ZeroDowntime condition, the REST API and the
 * gauge name the findings, and each new set of findings is published once as dev.sluice.rollout.zero-downtime.findings.v1;
 * when a budget that blocks drains appears, the findings follow at once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ZeroDowntimeRolloutTest {

    @Inject
    KubernetesClient client;
    @Inject
    RolloutReconciler reconciler;
    @Inject
    ReconcileMemos memos;

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
    void findings_become_the_zero_downtime_condition_without_blocking_the_rollout() {
        given.create(RolloutFixture.rollout("web", "web:1", List.of(RolloutFixture.weight(50))));

        given.awaitPhase("web", "Healthy");
        RolloutStatus.Condition condition = awaitCondition("pdb-present");
        assertThat(condition.status).isEqualTo("False");
        assertThat(condition.reason).isEqualTo("Errors");
        assertThat(condition.message).startsWith("3 error(s), 4 warning(s): ").contains(
                "error readiness-probe: spec.template.spec.containers[web].readinessProbe: missing",
                "error prestop-hook: spec.template.spec.containers[web].lifecycle.preStop: missing",
                "error pdb-present: spec.template.metadata.labels: no PodDisruptionBudget selects these pods",
                "warning resource-requests: spec.template.spec.containers[web].resources.requests.cpu: missing");

        // settled: a resync would skip it (its last reconcile read what is there now), so only an event can act on it
        reconciler.trigger(given.id("web"));
        await("a settled rollout").atMost(RolloutFixture.WAIT).until(() -> memos.inputs(given.get("web"))
                .map(inputs -> ResyncSkip.decide(memos.last(given.id("web")), inputs, Instant.now()).skip()).orElse(false));
        client.policy().v1().podDisruptionBudget().inNamespace(given.namespace).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(4)).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .endSpec().build()).create();

        // the budget's own event, not a resync (the next full one is 5 min away), has the rules judge again
        condition = awaitCondition("pdb-allows-drain");
        List<ZeroDowntimeFindings> announced = await().atMost(RolloutFixture.WAIT)
                .until(() -> given.events("web", ZeroDowntimeFindings.class), e -> e.size() >= 2);
        assertThat(announced.get(0).findings()).extracting(ZeroDowntimeFindings.Finding::rule).contains("pdb-present", "readiness-probe");
        assertThat(announced.get(0).errors()).isEqualTo(3);
        assertThat(announced.get(0).warnings()).isEqualTo(4);
        assertThat(announced.get(1).findings()).extracting(ZeroDowntimeFindings.Finding::rule).contains("pdb-allows-drain")
                .doesNotContain("pdb-present");
        assertThat(announced.get(1).findings()).filteredOn(f -> f.rule().equals("pdb-allows-drain")).singleElement()
                .satisfies(f -> assertThat(f.object()).isEqualTo("PodDisruptionBudget " + given.namespace + "/web"));
        reconciler.trigger(given.id("web"));
        await("the same findings again").during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(given.events("web", ZeroDowntimeFindings.class)).hasSize(2));
        assertThat(condition.message).doesNotContain("pdb-present").contains("error pdb-allows-drain: spec.minAvailable: 4 allows "
                + "no eviction of Rollout " + given.id("web") + " at 4 replicas (spec.replicas): a node drain never completes "
                + "(PodDisruptionBudget " + given.namespace + "/web)");
        given().auth().oauth2("test-token").get("/api/v1/rollouts/{ns}/{name}/zero-downtime", given.namespace, "web").then().statusCode(200)
                .body("zeroDowntime", equalTo(false))
                .body("findings.rule", hasItem("pdb-allows-drain"))
                .body("findings.rule", not(hasItem("pdb-present")))
                .body("findings.find { it.rule == 'readiness-probe' }.why", containsString("before the app can answer"));
        given().auth().oauth2("test-token").get("/api/v1/rollouts/{ns}/{name}", given.namespace, "web").then().statusCode(200)
                .body("conditions.type", hasItem(ZeroDowntimeCondition.TYPE));
        given().get("/q/metrics").then().statusCode(200).body(containsString(
                "sluice_rollout_zero_downtime_findings{namespace=\"" + given.namespace + "\",rollout=\"web\",severity=\"error\"} 3.0"));
    }

    @Test
    void a_rollout_without_a_pod_template_has_no_findings_and_the_api_says_why() {
        Rollout bare = RolloutFixture.rollout("bare", "web:1", List.of(RolloutFixture.weight(50)));
        bare.getSpec().template = null;
        given.create(bare);

        given.awaitPhase("bare", "Degraded");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> given().auth().oauth2("test-token")
                .get("/api/v1/rollouts/{ns}/{name}/zero-downtime", given.namespace, "bare").then().statusCode(200)
                .body("zeroDowntime", equalTo(false))
                .body("findings", org.hamcrest.Matchers.empty())
                .body("note", equalTo("the pod template cannot be read: the Rollout names neither spec.template nor spec.workloadRef")));
    }

    @Test
    void the_findings_of_an_unknown_rollout_are_a_404_problem() {
        given().auth().oauth2("test-token").get("/api/v1/rollouts/{ns}/{name}/zero-downtime", given.namespace, "nothing").then().statusCode(404)
                .contentType("application/problem+json");
    }

    private RolloutStatus.Condition awaitCondition(String containing) {
        return await().atMost(RolloutFixture.WAIT).until(() -> Optional.ofNullable(given.get("web"))
                        .map(Rollout::getStatus).flatMap(s -> s.conditions.stream()
                                .filter(c -> ZeroDowntimeCondition.TYPE.equals(c.type)).findFirst()),
                c -> c.isPresent() && c.get().message.contains(containing)).orElseThrow();
    }
}
