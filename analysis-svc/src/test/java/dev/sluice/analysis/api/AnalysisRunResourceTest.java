package dev.sluice.analysis.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AnalysisRunResourceTest {
    @Inject
    KubernetesClient client;

    static String inline(String address, String successCondition) {
        return """
                {"template":{"args":[{"name":"service"}],"metrics":[{"name":"success-rate","successCondition":"%s",
                  "provider":{"prometheus":{"address":"%s","query":"sum(rate(x{service=\\"{{args.service}}\\"}[1m]))"}}}]},
                 "args":[{"name":"service","value":"web"}]}
                """.formatted(successCondition, address);
    }

    @Test
    void a_dry_run_without_an_accepted_bearer_token_is_refused_before_any_provider_is_called() {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
            given().contentType("application/json").body(inline(prometheus.uri().toString(), "true"))
                    .post("/api/v1/namespaces/shop/dry-run")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("detail", org.hamcrest.Matchers.containsString("Bearer"));
            given().auth().oauth2("guess").contentType("application/json").body(inline(prometheus.uri().toString(), "true"))
                    .post("/api/v1/namespaces/shop/dry-run")
                    .then().statusCode(401).contentType("application/problem+json");
            org.assertj.core.api.Assertions.assertThat(prometheus.requests()).isEmpty();
        }
    }

    @Test
    void a_dry_run_of_too_many_metrics_or_too_large_a_body_is_refused() {
        String metric = "{\"name\":\"m%d\",\"successCondition\":\"true\",\"provider\":{\"web\":{\"url\":\"http://127.0.0.1:1/\"}}}";
        String metrics = java.util.stream.IntStream.rangeClosed(1, 21).mapToObj(metric::formatted)
                .collect(java.util.stream.Collectors.joining(","));
        given().auth().oauth2("test-token").contentType("application/json").body("{\"template\":{\"metrics\":[" + metrics + "]}}")
                .post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0]", org.hamcrest.Matchers.containsString("at most 20 metrics, the templates have 21"));
        given().auth().oauth2("test-token").contentType("application/json")
                .body("{\"args\":[{\"name\":\"x\",\"value\":\"" + "a".repeat(300 * 1024) + "\"}]}")
                .post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(413);
    }

    @Test
    void a_dry_run_shows_the_value_each_condition_and_the_verdict() {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0.97\"]}]}}"));
            given().auth().oauth2("test-token").contentType("application/json").body(inline(prometheus.uri().toString(), "result[0] >= 0.99"))
                    .post("/api/v1/namespaces/shop/dry-run")
                    .then().statusCode(200)
                    .body("phase", equalTo("Failed"))
                    .body("metricName", equalTo("success-rate"))
                    .body("value", equalTo("[0.97]"))
                    .body("metrics[0].provider", equalTo("prometheus"))
                    .body("metrics[0].successCondition", equalTo("result[0] >= 0.99"))
                    .body("metrics[0].successHolds", equalTo(false))
                    .body("metrics[0].phase", equalTo("Failed"));
            given().auth().oauth2("test-token").contentType("application/json").body(inline(prometheus.uri().toString(), "result[0] >= 0.9"))
                    .post("/api/v1/namespaces/shop/dry-run")
                    .then().statusCode(200)
                    .body("phase", equalTo("Successful"))
                    .body("metricName", nullValue())
                    .body("metrics[0].successHolds", equalTo(true));
        }
    }

    @Test
    void a_dry_run_works_for_the_web_provider_too() {
        try (FakeHttpServer web = new FakeHttpServer()) {
            web.answer(FakeHttpServer.Response.json(200, "{\"data\":{\"ok\":true}}"));
            given().auth().oauth2("test-token").contentType("application/json").body("""
                    {"template":{"metrics":[{"name":"ok","successCondition":"result.ok",
                      "provider":{"web":{"url":"%s/status","jsonPath":"{$.data}"}}}]}}
                    """.formatted(web.uri()))
                    .post("/api/v1/namespaces/shop/dry-run")
                    .then().statusCode(200)
                    .body("phase", equalTo("Successful"))
                    .body("metrics[0].value", equalTo("{\"ok\":true}"));
        }
    }

    @Test
    void a_condition_that_does_not_compile_is_a_400_problem() {
        given().auth().oauth2("test-token").contentType("application/json").body(inline("http://127.0.0.1:1", "result[0] >="))
                .post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasItem(containsString("successCondition does not compile")));
    }

    @Test
    void a_missing_template_and_a_missing_arg_are_both_reported() {
        given().auth().oauth2("test-token").contentType("application/json").body("""
                {"templates":[{"templateName":"nope"}],"args":[{"name":"x"}]}
                """)
                .post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasItem("AnalysisTemplate shop/nope not found"))
                .body("errors", hasItem("every arg needs a name and a value"));
    }

    @Test
    void an_inline_template_cannot_read_secrets() {
        given().auth().oauth2("test-token").contentType("application/json").body("""
                {"template":{"args":[{"name":"t","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}],
                  "metrics":[{"name":"m","provider":{"web":{"url":"http://example.test/{{args.t}}"}}}]}}
                """)
                .post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400)
                .body("errors", hasItem(containsString("cannot read Secrets")));
    }

    @Test
    void an_empty_or_unreadable_body_is_a_400() {
        given().auth().oauth2("test-token").contentType("application/json").body("{}").post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("nothing to evaluate"));
        given().auth().oauth2("test-token").contentType("application/json").body("{\"template\":").post("/api/v1/namespaces/shop/dry-run")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void runs_are_listed_by_rollout_and_read_one_by_one() {
        AnalysisRun run = new AnalysisRun();
        run.setMetadata(new ObjectMetaBuilder().withNamespace("books").withName("catalog-abc-1")
                .withLabels(Map.of("sluice.dev/rollout", "catalog")).build());
        run.setSpec(new AnalysisRunSpec());
        run.getSpec().rollout = "books/catalog";
        run.getSpec().revision = "abc";
        client.resources(AnalysisRun.class).inNamespace("books").resource(run).createOr(r -> r.update());
        client.resources(AnalysisRun.class).inNamespace("books").withName("catalog-abc-1").editStatus(r -> {
            r.setStatus(new AnalysisRunStatus());
            r.getStatus().phase = "Failed";
            r.getStatus().decidingMetric = "success-rate";
            return r;
        });

        given().get("/api/v1/analysisruns?namespace=books&rollout=catalog").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/namespaces/books/analysisruns/catalog-abc-1").then().statusCode(401);
        given().auth().oauth2("test-token").get("/api/v1/analysisruns?namespace=books&rollout=catalog").then().statusCode(200)
                .body("[0].name", equalTo("catalog-abc-1"))
                .body("[0].phase", equalTo("Failed"))
                .body("[0].decidingMetric", equalTo("success-rate"));
        given().auth().oauth2("test-token").get("/api/v1/namespaces/books/analysisruns/catalog-abc-1").then().statusCode(200)
                .body("spec.rollout", equalTo("books/catalog"))
                .body("status.phase", equalTo("Failed"));
        given().auth().oauth2("test-token").get("/api/v1/namespaces/books/analysisruns/nope").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("books/nope"));
    }
}
