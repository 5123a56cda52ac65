package dev.sluice.analysis.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Metric;
import dev.sluice.api.analysis.MetricProviderSpec;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Job analysis end to end: analysis.requested on the real broker, the AnalysisRun on the Kubernetes test
 * server, the Job the job provider creates (owned by the run), the test marking it Complete or Failed as the Job
 * controller would, and the verdict on {@code sluice.analysis.verdicts}.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class JobAnalysisFlowTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "shop";

    static EventBus bus;
    static ConsumerTask<String, byte[]> verdicts;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void watch() {
        bus = EventBus.shared();
        verdicts = bus.watch(Topics.VERDICTS);
    }

    @AfterAll
    static void close() {
        verdicts.stop();
        bus.close();
    }

    static List<AnalysisCompleted> completions(String runName) {
        return verdicts.getRecords().stream().map(AnalysisRunFlowTest::decode)
                .filter(e -> e instanceof AnalysisCompleted c && c.runName().equals(runName)).map(AnalysisCompleted.class::cast).toList();
    }

    @ParameterizedTest(name = "a smoke-test Job that ends {0} makes the run {1}")
    @CsvSource({"Complete, Successful", "Failed, Failed"})
    void the_runs_verdict_follows_the_job(String condition, AnalysisPhase verdict) throws Exception {
        String template = "smoke-" + condition.toLowerCase();
        Metric m = new Metric();
        m.name = "smoke";
        m.provider = new MetricProviderSpec();
        m.provider.job = JSON.readTree("""
                {"spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
                  "containers": [{"name": "smoke", "image": "curlimages/curl", "args": ["http://web-canary/healthz"]}]}}}}
                """);
        AnalysisTemplateSpec spec = new AnalysisTemplateSpec();
        spec.metrics = List.of(m);
        AnalysisTemplate t = new AnalysisTemplate();
        t.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(template).build());
        t.setSpec(spec);
        client.resources(AnalysisTemplate.class).inNamespace(NS).resource(t).createOr(r -> r.update());
        String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String runName = rollout + "-7d9f-1";

        bus.publish(new AnalysisRequested(NS + "/" + rollout, "uid-" + rollout, "7d9f", 1, 5, Instant.now(), runName,
                AnalysisRequested.Kind.STEP, List.of(new AnalysisRequested.TemplateRef(template, false)), List.of(),
                null, null, null, rollout + "-canary", null, "7d9f", null, null));

        Job job = await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace(NS)
                .withLabel("sluice.dev/analysis-run", runName).list().getItems().stream().findFirst().orElse(null), j -> j != null);
        AnalysisRun run = client.resources(AnalysisRun.class).inNamespace(NS).withName(runName).get();
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid()))
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("AnalysisRun"));
        job.setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(condition).withStatus("True").build()).build());
        client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
        AnalysisCompleted done = completions(runName).get(0);
        assertThat(done.phase()).isEqualTo(verdict);
        assertThat(done.metricName()).isEqualTo(verdict == AnalysisPhase.Failed ? "smoke" : null);
    }
}
