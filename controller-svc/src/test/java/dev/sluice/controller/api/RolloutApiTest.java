package dev.sluice.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.controller.reconcile.RolloutFixture;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API: reading rollouts, commands with bearer authentication, problem+json errors, the event stream, metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class RolloutApiTest {
    static final String TOKEN = "Bearer test-token";

    @Inject
    KubernetesClient client;
    @TestHTTPResource("/")
    URI base;
    @Inject
    dev.sluice.common.auth.StreamLimit streams;
    /** {@code %test.sluice.api.streams-per-caller}. */
    static final int LIMIT = 4;

    RolloutFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RolloutFixture(client);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void lists_rollouts_and_shows_one_with_its_plan_and_step_history() {
        fixture.healthyThenNewRevision("api", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)));
        fixture.acknowledgeShift("api", 30);
        fixture.awaitPhase("api", "Paused");

        given().get("/api/v1/rollouts").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("Authorization: Bearer"));
        given().get("/api/v1/rollouts/{ns}/api", fixture.namespace).then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/api/v1/rollouts/{ns}/api", fixture.namespace).then().statusCode(401);
        given().header("Authorization", TOKEN).get("/api/v1/rollouts").then().statusCode(200)
                .body("name", hasItem("api"));
        given().header("Authorization", TOKEN).get("/api/v1/rollouts?namespace={ns}", fixture.namespace).then().statusCode(200)
                .body("name", hasItem("api"));
        given().header("Authorization", TOKEN).get("/api/v1/rollouts/{ns}/api", fixture.namespace).then().statusCode(200)
                .body("phase", equalTo("Paused"))
                .body("weight", equalTo(30))
                .body("plan", equalTo(List.of("setWeight: 30", "pause: {}")))
                .body("stepHistory.outcome", equalTo(java.util.Arrays.asList("completed", null)));
    }

    @Test
    void promote_needs_a_bearer_token_and_then_moves_the_rollout_on() {
        fixture.healthyThenNewRevision("gate", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)));
        fixture.acknowledgeShift("gate", 30);
        fixture.awaitPhase("gate", "Paused");

        given().post("/api/v1/rollouts/{ns}/gate/promote", fixture.namespace).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong").post("/api/v1/rollouts/{ns}/gate/promote", fixture.namespace)
                .then().statusCode(401).body("detail", containsString("does not match"));
        assertThat(fixture.get("gate").getStatus().phase).isEqualTo(RolloutPhase.Paused);

        given().header("Authorization", TOKEN).post("/api/v1/rollouts/{ns}/gate/promote?reason=looks+good", fixture.namespace)
                .then().statusCode(202).body("command", equalTo("promote")).body("requestedBy", equalTo("static-token"))
                .body("revision", org.hamcrest.Matchers.notNullValue());
        await().atMost(RolloutFixture.WAIT).until(() -> fixture.get("gate").getStatus().currentPodHash
                .equals(fixture.get("gate").getStatus().stableRS));
        fixture.acknowledgeShift("gate", 0);
        fixture.awaitPhase("gate", "Healthy");
    }

    @Test
    void abort_then_retry_through_the_api() {
        fixture.healthyThenNewRevision("flip", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)));
        fixture.acknowledgeShift("flip", 30);
        fixture.awaitPhase("flip", "Paused");

        given().header("Authorization", TOKEN).post("/api/v1/rollouts/{ns}/flip/abort?reason=manual", fixture.namespace)
                .then().statusCode(202);
        fixture.acknowledgeShift("flip", 0);
        Rollout aborted = fixture.awaitPhase("flip", "Degraded");
        assertThat(aborted.getStatus().message).isEqualTo("aborted by static-token: manual");

        given().header("Authorization", TOKEN).post("/api/v1/rollouts/{ns}/flip/retry", fixture.namespace)
                .then().statusCode(202);
        await().atMost(RolloutFixture.WAIT).until(() -> fixture.get("flip").getStatus().retryCount != null);
        assertThat(fixture.get("flip").getStatus().abort).isNull();
    }

    @Test
    void errors_are_problem_documents() {
        given().header("Authorization", TOKEN).get("/api/v1/rollouts/{ns}/missing", fixture.namespace).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no rollout"));
        given().header("Authorization", TOKEN).get("/api/v1/rollouts/Not_A_Name/x").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not a Kubernetes object name"));
        given().header("Authorization", TOKEN).post("/api/v1/rollouts/{ns}/missing/abort", fixture.namespace)
                .then().statusCode(404);
    }

    @Test
    void streams_one_rollouts_events_as_server_sent_events() throws Exception {
        fixture.healthyThenNewRevision("sse", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)), false);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/api/v1/rollouts/" + fixture.namespace + "/sse/events")).header("Accept", "text/event-stream")
                .header("Authorization", TOKEN).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        var reader = java.util.concurrent.CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        try {
            await().atMost(RolloutFixture.WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith("event:ready")));
            fixture.setImage("sse", "web:2");
            await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(lines)
                    .anySatisfy(l -> assertThat(l).startsWith("event:dev.sluice.rollout.revision.detected.v1"))
                    .anySatisfy(l -> assertThat(l).startsWith("data:").contains(fixture.namespace + "/sse")));
            assertThat(lines).filteredOn(l -> l.startsWith("data:")).allSatisfy(l -> assertThat(l).contains(fixture.namespace + "/sse"));
        } finally {
            response.body().close();
            reader.cancel(true);
        }
    }

    @Test
    void event_streams_need_a_token_and_are_limited_per_caller() throws Exception {
        fixture.healthyThenNewRevision("capped", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)), false);
        URI events = base.resolve("/api/v1/rollouts/" + fixture.namespace + "/capped/events");
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        await().atMost(RolloutFixture.WAIT).until(() -> streams.openBy("static-token") == 0);
        List<HttpResponse<java.io.InputStream>> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                        .header("Authorization", TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).as("stream %d", i + 1).isEqualTo(200);
                open.add(r);
            }
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                    .header("Authorization", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("sluice.api.streams-per-caller");
            // the dashboard's streams count against the same limit
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/dashboard/api/rollouts/stream")).header("Accept", "text/event-stream")
                    .header("Authorization", TOKEN).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(429);
        } finally {
            for (var r : open) {
                r.body().close();
            }
        }
        // a closed stream gives its place back
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> {
            HttpResponse<java.io.InputStream> again = http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                    .header("Authorization", TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
            again.body().close();
            assertThat(again.statusCode()).isEqualTo(200);
        });
    }

    @Test
    void exposes_phase_weight_and_step_metrics() {
        fixture.healthyThenNewRevision("metered", List.of(RolloutFixture.weight(40), RolloutFixture.pause(null)));
        fixture.acknowledgeShift("metered", 40);
        fixture.awaitPhase("metered", "Paused");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("sluice_rollout_phase{namespace=\"" + fixture.namespace + "\",phase=\"Paused\",rollout=\"metered\"} 1.0"))
                .body(containsString("sluice_rollout_weight{namespace=\"" + fixture.namespace + "\",rollout=\"metered\"} 40.0"))
                .body(containsString("sluice_rollout_step_transitions_total{namespace=\"" + fixture.namespace + "\",rollout=\"metered\"")));
    }
}
