package dev.sluice.analysis.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.messaging.PartitionOwnership;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Argument;
import dev.sluice.api.analysis.Metric;
import dev.sluice.api.analysis.MetricProviderSpec;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.CheckCompleted;
import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.MeasurementTaken;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service end to end with the real broker and the Kubernetes test server: a request creates an
 * AnalysisRun owned by the rollout, measurements against a fake Prometheus land in its status and on
 * {@code sluice.analysis.verdicts}, and exactly one {@code analysis.completed} names the deciding metric.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AnalysisRunFlowTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "shop";

    static EventBus bus;
    static ConsumerTask<String, byte[]> verdicts;

    @Inject
    KubernetesClient client;

    @Inject
    RunSupervisor supervisor;

    @Inject
    PartitionOwnership ownership;

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

    static String vector(String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1717000000,\""
                + value + "\"]}]}}";
    }

    void template(String name, FakeHttpServer prometheus, String interval, Integer count, String successCondition,
            List<Argument> args, String extraProvider) throws Exception {
        Metric m = new Metric();
        m.name = "success-rate";
        m.interval = interval;
        m.count = count;
        m.successCondition = successCondition;
        m.provider = new MetricProviderSpec();
        ObjectNode block = (ObjectNode) JSON.readTree("{\"address\":\"" + prometheus.uri() + "\","
                + "\"query\":\"sum(rate(http_requests_total{service=\\\"{{args.service}}\\\",code!~\\\"5..\\\"}[1m]))\"" + extraProvider + "}");
        m.provider.prometheus = block;
        AnalysisTemplateSpec spec = new AnalysisTemplateSpec();
        spec.args = args;
        spec.metrics = List.of(m);
        AnalysisTemplate t = new AnalysisTemplate();
        t.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        t.setSpec(spec);
        client.resources(AnalysisTemplate.class).inNamespace(NS).resource(t).createOr(r -> r.update());
    }

    static AnalysisRequested request(String rollout, String runName, String template, List<AnalysisRequested.Arg> args) {
        return new AnalysisRequested(NS + "/" + rollout, "uid-" + rollout, "7d9f", 2, 11, Instant.now(), runName,
                AnalysisRequested.Kind.STEP, List.of(new AnalysisRequested.TemplateRef(template, false)), args,
                null, null, null, rollout + "-canary", null, "7d9f", null, null);
    }

    static List<SluiceEvent> eventsOf(String runName) {
        return verdicts.getRecords().stream().map(AnalysisRunFlowTest::decode)
                .filter(e -> e instanceof AnalysisCompleted c && c.runName().equals(runName)
                        || e instanceof MeasurementTaken t && t.runName().equals(runName))
                .toList();
    }

    static SluiceEvent decode(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new HashMap<>();
        r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return EventCodec.decode(headers, r.value()) instanceof Decoded.Event e ? e.data() : null;
    }

    static List<AnalysisCompleted> completions(String runName) {
        return eventsOf(runName).stream().filter(AnalysisCompleted.class::isInstance).map(AnalysisCompleted.class::cast).toList();
    }

    AnalysisRun run(String name) {
        return client.resources(AnalysisRun.class).inNamespace(NS).withName(name).get();
    }

    @Test
    void a_healthy_canary_is_measured_count_times_and_succeeds() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.995")));
            template("rate-ok", prometheus, "300ms", 3, "result[0] >= 0.99",
                    List.of(new Argument("service", null, null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            AnalysisRequested requested = request(rollout, runName, "rate-ok", List.of(new AnalysisRequested.Arg("service", "web\"}or vector(1)", null)));
            bus.publish(requested);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            AnalysisCompleted done = completions(runName).get(0);
            assertThat(done.phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(done.requestSequence()).isEqualTo(11);
            assertThat(done.rolloutUid()).isEqualTo("uid-" + rollout);

            AnalysisRun run = run(runName);
            assertThat(run.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-" + rollout))
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("Rollout"));
            assertThat(run.getStatus().phase).isEqualTo("Successful");
            assertThat(run.getSpec().requestedAt).as("external results count from the request on").isEqualTo(requested.time().toString());
            AnalysisRunStatus.MetricResult result = run.getStatus().metricResults.get(0);
            assertThat(result.measurements).extracting(m -> m.index).containsExactly(1, 2, 3);
            assertThat(result.measurements).allSatisfy(m -> assertThat(m.value).isEqualTo("[0.995]"));
            assertThat(eventsOf(runName)).filteredOn(MeasurementTaken.class::isInstance).hasSize(3);
            assertThat(prometheus.requests()).hasSize(3);
            assertThat(prometheus.lastRequest().body()).contains(
                    java.net.URLEncoder.encode("service=\"web\\x22}or vector(1)\"", StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_bad_canary_fails_and_the_verdict_names_the_metric_and_value() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.82")));
            template("rate-bad", prometheus, "300ms", 3, "result[0] >= 0.99", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            bus.publish(request(rollout, runName, "rate-bad", null));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            AnalysisCompleted done = completions(runName).get(0);
            assertThat(done.phase()).isEqualTo(AnalysisPhase.Failed);
            assertThat(done.metricName()).isEqualTo("success-rate");
            assertThat(done.value()).isEqualTo("[0.82]");
            assertThat(done.message()).contains("failureLimit 0");
            assertThat(prometheus.requests()).hasSize(1);
        }
    }

    @Test
    void a_restart_mid_run_resumes_at_the_next_due_time_without_measuring_twice() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.999")));
            template("rate-restart", prometheus, "2s", 3, "result[0] >= 0.99", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            bus.publish(request(rollout, runName, "rate-restart", null));

            await().atMost(Duration.ofSeconds(30)).until(() -> run(runName) != null && run(runName).getStatus() != null
                    && run(runName).getStatus().metricResults.get(0).measured == 1);
            supervisor.forgetAll();
            assertThat(supervisor.isActive(NS, runName)).isFalse();
            ownership.resumeOwned();
            assertThat(supervisor.isActive(NS, runName)).as("resumed by the replica owning the partition").isTrue();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            assertThat(completions(runName).get(0).phase()).isEqualTo(AnalysisPhase.Successful);
            List<AnalysisRunStatus.Measurement> ms = run(runName).getStatus().metricResults.get(0).measurements;
            assertThat(ms).extracting(m -> m.index).containsExactly(1, 2, 3);
            for (int i = 1; i < ms.size(); i++) {
                Instant previousEnd = Instant.parse(ms.get(i - 1).finishedAt);
                assertThat(Instant.parse(ms.get(i).startedAt)).as("measurement %d waits one interval", i + 1)
                        .isAfterOrEqualTo(previousEnd.plusSeconds(2));
            }
            assertThat(prometheus.requests()).hasSize(3);
        }
    }

    @Test
    void a_name_asked_again_by_another_request_is_measured_afresh_and_finished_runs_beyond_the_limit_are_deleted() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.995")));
            template("rate-again", prometheus, null, null, "result[0] >= 0.99", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 1; i <= 3; i++) {
                String name = rollout + "-7d9f-" + i + "-2";
                bus.publish(sequenced(rollout, name, i, "rate-again"));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(name)).hasSize(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(run(name).getStatus().verdictPublished));
            }
            assertThat(run(rollout + "-7d9f-1-2")).as("beyond successfulRunHistoryLimit 1").isNull();
            assertThat(run(rollout + "-7d9f-2-2")).isNotNull();

            String reused = rollout + "-7d9f-3-2";
            bus.publish(sequenced(rollout, reused, 10, "rate-again"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(reused)).hasSize(2));
            assertThat(completions(reused).get(1).requestSequence()).isEqualTo(10);
            assertThat(completions(reused).get(1).phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(run(reused).getSpec().requestSequence).isEqualTo(10);
            assertThat(prometheus.requests()).as("measured again for the new request").hasSize(4);
        }
    }

    static AnalysisRequested sequenced(String rollout, String runName, long sequence, String template) {
        return new AnalysisRequested(NS + "/" + rollout, "uid-" + rollout, "7d9f", 2, sequence, Instant.now(), runName,
                AnalysisRequested.Kind.STEP, List.of(new AnalysisRequested.TemplateRef(template, false)), null,
                null, null, null, rollout + "-canary", null, "7d9f", 1, 1);
    }

    @Test
    void a_cancelled_run_stops_measuring_and_reports_once() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.999")));
            template("rate-forever", prometheus, "300ms", null, "result[0] >= 0.99", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            AnalysisRequested req = request(rollout, runName, "rate-forever", null);
            bus.publish(req);
            await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.requests().size() >= 2);
            bus.publish(new AnalysisCancelRequested(req.rolloutId(), req.rolloutUid(), req.revision(), 3, 12, Instant.now(),
                    runName, "rollout moved to step 3"));
            bus.publish(req);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            assertThat(completions(runName).get(0).message()).contains("cancelled").contains("rollout moved to step 3");
            int measured = prometheus.requests().size();
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(prometheus.requests()).as("no measurement after the cancel").hasSize(measured));
            assertThat(completions(runName)).as("the duplicate request did not restart the run").hasSize(1);
        }
    }

    @Test
    void an_aborted_rollout_cancels_its_runs_but_a_replayed_older_abort_does_not() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("0.999")));
            template("rate-background", prometheus, "300ms", null, "result[0] >= 0.99", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-bg";
            AnalysisRequested req = request(rollout, runName, "rate-background", null);
            bus.publish(req);
            await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.requests().size() >= 1);

            bus.publish(new RolloutAborted(req.rolloutId(), req.rolloutUid(), "7d9f", 1, 5, Instant.now(), "older abort", null, null));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(completions(runName)).as("an abort older than the request does not cancel it").isEmpty());

            bus.publish(new RolloutAborted(req.rolloutId(), req.rolloutUid(), "7d9f", 2, 12, Instant.now(), "user abort", null, null));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).singleElement()
                    .satisfies(c -> assertThat(c.message()).contains("rollout aborted: user abort")));
        }
    }

    @Test
    void an_event_metric_waits_for_the_external_check_on_the_checks_topic() throws Exception {
        Metric m = new Metric();
        m.name = "smoke-tests";
        m.provider = new MetricProviderSpec();
        m.provider.event = JSON.readTree("{\"checkName\":\"smoke-tests\",\"timeout\":\"30s\"}");
        AnalysisTemplateSpec spec = new AnalysisTemplateSpec();
        spec.metrics = List.of(m);
        AnalysisTemplate t = new AnalysisTemplate();
        t.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("smoke").build());
        t.setSpec(spec);
        client.resources(AnalysisTemplate.class).inNamespace(NS).resource(t).createOr(r -> r.update());
        String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String runName = rollout + "-7d9f-2";
        bus.publish(request(rollout, runName, "smoke", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> run(runName) != null && run(runName).getStatus() != null
                && "Running".equals(run(runName).getStatus().phase));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> completions(runName).isEmpty());

        bus.publish(new CheckCompleted(NS + "/" + rollout, "other-revision", "smoke-tests", true, null, "not ours", Instant.now()));
        bus.publish(new CheckCompleted(NS + "/" + rollout, "7d9f", "smoke-tests", false, 3.0, "3 of 40 failed", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).singleElement()
                .satisfies(c -> assertThat(c.phase()).isEqualTo(AnalysisPhase.Failed))
                .satisfies(c -> assertThat(c.metricName()).isEqualTo("smoke-tests"))
                .satisfies(c -> assertThat(c.value()).contains("\"passed\":false").contains("3 of 40 failed")));
    }

    @Test
    void a_condition_that_does_not_compile_is_an_error_on_the_run_before_any_measurement() throws Exception {
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            template("rate-typo", prometheus, null, null, "result[0] >= ", List.of(new Argument("service", "web", null)), "");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            bus.publish(request(rollout, runName, "rate-typo", null));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            AnalysisCompleted done = completions(runName).get(0);
            assertThat(done.phase()).isEqualTo(AnalysisPhase.Error);
            assertThat(done.message()).contains("successCondition does not compile");
            assertThat(run(runName).getStatus().message).contains("successCondition does not compile");
            assertThat(prometheus.requests()).isEmpty();
        }
    }

    @Test
    void a_missing_template_is_an_error_naming_it() {
        String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String runName = rollout + "-7d9f-2";
        bus.publish(request(rollout, runName, "no-such-template", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).singleElement()
                .satisfies(c -> assertThat(c.phase()).isEqualTo(AnalysisPhase.Error))
                .satisfies(c -> assertThat(c.message()).contains("AnalysisTemplate shop/no-such-template not found")));
    }

    @Test
    void a_secret_arg_reaches_the_provider_but_never_the_run_or_kafka() throws Exception {
        String secretValue = "s3cr3t-" + UUID.randomUUID();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("prom-token").withNamespace(NS)
                .endMetadata().withStringData(Map.of("token", secretValue)).build()).createOr(r -> r.update());
        try (FakeHttpServer prometheus = new FakeHttpServer()) {
            prometheus.answer(FakeHttpServer.Response.json(200, vector("1")));
            template("rate-auth", prometheus, null, null, "result[0] >= 0.99",
                    List.of(new Argument("service", "web", null), new Argument("token", null, null)),
                    ",\"authentication\":{\"bearer\":{\"token\":\"{{args.token}}\"}}");
            String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
            String runName = rollout + "-7d9f-2";
            bus.publish(request(rollout, runName, "rate-auth", List.of(new AnalysisRequested.Arg("token", null,
                    new AnalysisRequested.SecretKeyRef("prom-token", "token")))));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completions(runName)).hasSize(1));
            assertThat(completions(runName).get(0).phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(prometheus.lastRequest().header("Authorization")).isEqualTo("Bearer " + secretValue);
            assertThat(JSON.writeValueAsString(run(runName))).doesNotContain(secretValue).contains("prom-token");
            assertThat(verdicts.getRecords()).noneSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(secretValue));
        }
    }
}
