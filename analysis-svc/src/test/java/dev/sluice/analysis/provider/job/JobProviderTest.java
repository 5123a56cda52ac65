package dev.sluice.analysis.provider.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.TestJson;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job provider against the fabric8 Kubernetes test server: the test plays the Job controller, marking the
 * Job Complete or Failed as a cluster (or the e2e cluster simulator) would.
 */
@EnableKubernetesMockClient(crud = true)
class JobProviderTest {
    static KubernetesClient client;

    static final JsonNode SMOKE = TestJson.read("""
            {"metadata": {"labels": {"team": "web"}},
             "spec": {"backoffLimit": 0,
                      "template": {"spec": {"restartPolicy": "Never",
                                            "containers": [{"name": "smoke", "image": "curlimages/curl", "args": ["http://web-canary/health"]}]}}}}
            """);

    static MeasurementRequest request(String namespace, String run, JsonNode config) {
        return new MeasurementRequest(namespace, "smoke-test", config, Instant.now(), Duration.ofSeconds(30), null,
                new MeasurementRequest.RunContext("shop/web", "7d9f5c6b8", run, Instant.now()));
    }

    /** Waits for the provider's Job to appear, then sets its status as the Job controller would. */
    static Job finish(String namespace, String run, String type, String reason) {
        Job job = await().atMost(Duration.ofSeconds(10)).until(() -> client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(JobProvider.RUN_LABEL, run).list().getItems().stream()
                .filter(j -> JobProvider.finished(j).isEmpty()).findFirst().orElse(null), j -> j != null);
        job.setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(type).withStatus("True")
                .withReason(reason).build()).build());
        return client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("a Job that completes is a successful result", "Complete", "CompletionsReached", true),
                Arguments.of("a Job that fails is a failed result", "Failed", "BackoffLimitExceeded", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void the_result_follows_the_jobs_final_condition(String name, String type, String reason, boolean succeeded) {
        String ns = "outcome-" + type.toLowerCase();
        CompletableFuture<ProviderResult> measured = CompletableFuture.supplyAsync(
                () -> new JobProvider(client).measure(request(ns, "web-7d9f5c6b8-2", SMOKE)));

        Job job = finish(ns, "web-7d9f5c6b8-2", type, reason);

        ProviderResult result = measured.join();
        assertThat(result).isInstanceOf(ProviderResult.Value.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) ((ProviderResult.Value) result).value();
        assertThat(value).containsEntry("succeeded", succeeded).containsEntry("job", job.getMetadata().getName());
        assertThat(((ProviderResult.Value) result).display()).contains(reason);
        assertThat(job.getMetadata().getName()).startsWith("web-7d9f5c6b8-2-smoke-test-");
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "web").containsEntry(JobProvider.METRIC_LABEL, "smoke-test");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("curlimages/curl");
    }

    @Test
    void a_job_still_running_at_the_timeout_is_deleted_and_the_measurement_fails() {
        JsonNode config = ((com.fasterxml.jackson.databind.node.ObjectNode) SMOKE.deepCopy()).put("timeout", "1s");

        ProviderResult result = new JobProvider(client).measure(request("timeout", "web-run", config));

        assertThat(result).isInstanceOf(ProviderResult.Failure.class);
        assertThat(((ProviderResult.Failure) result).message()).contains("did not finish within 1s; it was deleted");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.batch().v1().jobs().inNamespace("timeout").list().getItems().isEmpty());
    }

    @Test
    void only_the_newest_finished_jobs_of_a_runs_metric_are_kept() {
        JobProvider provider = new JobProvider(client);
        for (int i = 0; i < JobProvider.KEEP + 2; i++) {
            CompletableFuture<ProviderResult> measured = CompletableFuture.supplyAsync(() -> provider.measure(request("prune", "run-a", SMOKE)));
            finish("prune", "run-a", "Complete", "CompletionsReached");
            assertThat(measured.join()).isInstanceOf(ProviderResult.Value.class);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> client.batch().v1().jobs().inNamespace("prune").list().getItems().size(),
                n -> n == JobProvider.KEEP);
    }

    @Test
    void a_dry_run_of_a_template_runs_no_job() {
        ProviderResult result = new JobProvider(client).measure(new MeasurementRequest("dry", "smoke-test", SMOKE, Instant.now(),
                Duration.ofSeconds(30), null));

        assertThat(result).isEqualTo(new ProviderResult.Failure(
                "the job provider runs Jobs only for an AnalysisRun, not for a dry run of a template"));
        assertThat(client.batch().v1().jobs().inNamespace("dry").list().getItems()).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no spec", "{}", List.of("spec (a Job spec) is required")),
                Arguments.of("no containers and a pod that would restart forever",
                        "{\"spec\": {\"template\": {\"spec\": {\"restartPolicy\": \"Always\", \"containers\": []}}}}",
                        List.of("spec.template.spec.containers must name at least one container",
                                "spec.template.spec.restartPolicy must be Never or OnFailure (a Job's pods may not restart Always)")),
                Arguments.of("a timeout that is not a duration",
                        "{\"timeout\": \"soon\", \"spec\": {\"template\": {\"spec\": {\"restartPolicy\": \"Never\", \"containers\": [{\"name\": \"c\"}]}}}}",
                        List.of("timeout must be a duration such as 10m")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void an_unusable_block_is_refused_when_the_run_starts(String name, String config, List<String> problems) {
        assertThat(new JobProvider(client).validate(TestJson.read(config))).containsExactlyElementsOf(problems);
    }
}
