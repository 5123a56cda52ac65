package dev.sluice.controller.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sluice.controller.reconcile.RolloutFixture;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's server side: the page's assets, reading with a token, the live overview, the dry-run form. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class DashboardApiTest {
    static final String TOKEN = "Bearer test-token";

    @Inject
    KubernetesClient client;
    @TestHTTPResource("/")
    URI base;

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
    void serves_the_page_and_its_assets_compressed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String asset : List.of("dashboard/", "dashboard/app.js", "dashboard/app.css")) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(asset)).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).as(asset).contains("gzip");
            String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).as(asset).isNotBlank();
        }
    }

    @Test
    void reading_needs_a_token_and_lists_rollouts_with_their_step_and_weight() {
        fixture.healthyThenNewRevision("dash", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)));
        fixture.acknowledgeShift("dash", 30);
        fixture.awaitPhase("dash", "Paused");

        given().get("/dashboard/api/rollouts").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("Bearer"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", TOKEN).get("/dashboard/api/rollouts")
                .then().statusCode(200).body("find { it.name == 'dash' }.phase", equalTo("Paused"))
                .body("find { it.name == 'dash' }.weight", equalTo(30))
                .body("find { it.name == 'dash' }.steps", equalTo(2))
                .body("find { it.name == 'dash' }.strategy", equalTo("canary")));

        given().header("Authorization", TOKEN).get("/dashboard/api/rollouts/{ns}/dash", fixture.namespace).then().statusCode(200)
                .body("steps.state", equalTo(List.of("done", "current")))
                .body("steps.step", equalTo(List.of("setWeight: 30", "pause: {}")))
                .body("actions.resume.enabled", equalTo(true))
                .body("actions.retry.enabled", equalTo(false))
                .body("access.canPatch", equalTo(true))
                .body("revisions.role", hasItem("canary"));
    }

    @Test
    void the_overview_stream_sends_every_rollout_then_each_change() throws Exception {
        fixture.healthyThenNewRevision("live", List.of(RolloutFixture.weight(30), RolloutFixture.pause(null)));
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("dashboard/api/rollouts/stream"))
                .header("Authorization", TOKEN).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"name\":\"live\"")));
            fixture.acknowledgeShift("live", 30);
            await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream()
                    .anyMatch(l -> l.contains("\"name\":\"live\"") && l.contains("\"phase\":\"Paused\"") && l.contains("\"weight\":30")));
            assertThat(lines).contains("event:rollout");
        } finally {
            r.body().close();
        }
    }

    @Test
    void a_dry_run_of_something_that_is_not_a_template_is_a_400_that_says_so() {
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"template\":\"\"}")
                .post("/dashboard/api/dry-run/default").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing to evaluate"));
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"template\":\"metrics: [\"}")
                .post("/dashboard/api/dry-run/default").then().statusCode(400).body("detail", containsString("not YAML or JSON"));
        given().header("Authorization", TOKEN).contentType("application/json").body("{\"template\":\"kind: AnalysisTemplate\\nspec: {metrics: []}\"}")
                .post("/dashboard/api/dry-run/default").then().statusCode(503).body("detail", containsString("sluice.dashboard.analysis-url"));
    }
}
