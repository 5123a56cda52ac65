package dev.sluice.analysis.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.graphite.GraphiteProvider;
import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.Metric;
import dev.sluice.api.analysis.MetricProviderSpec;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A measurement worker that meets an {@code Error}, not only an exception: a provider throwing {@link StackOverflowError}
 * or {@link OutOfMemoryError}, a condition evaluation that overflows its stack. The worker survives, the metric's
 * in-flight flag is cleared (so it is measured again at its next interval), and the run ends in Error with the failure
 * in its message. Before, the flag stayed set and the run waited forever.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class MeasurementFaultsTest {
    static final String NS = AnalysisRunFlowTest.NS;
    static EventBus bus;
    static ConsumerTask<String, byte[]> verdicts;

    @Inject
    KubernetesClient client;
    @Inject
    RunSupervisor supervisor;

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

    /** A graphite provider (the metric's type) that answers with {@code answer} and counts its calls. */
    static GraphiteProvider provider(AtomicInteger calls, Supplier<ProviderResult> answer) {
        return new GraphiteProvider() {
            @Override
            public ProviderResult measure(MeasurementRequest request) {
                calls.incrementAndGet();
                return answer.get();
            }
        };
    }

    String template(String name) throws Exception {
        Metric m = new Metric();
        m.name = "error-rate";
        m.interval = "200ms";
        m.count = 20;
        m.consecutiveErrorLimit = 1;
        m.successCondition = "result[0] < 0.01";
        m.provider = new MetricProviderSpec();
        m.provider.graphite = new ObjectMapper().readTree("{\"address\":\"http://graphite.invalid:8080\",\"query\":\"errors\"}");
        AnalysisTemplateSpec spec = new AnalysisTemplateSpec();
        spec.metrics = List.of(m);
        AnalysisTemplate t = new AnalysisTemplate();
        t.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
        t.setSpec(spec);
        client.resources(AnalysisTemplate.class).inNamespace(NS).resource(t).createOr(r -> r.update());
        String rollout = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String runName = rollout + "-7d9f-2";
        bus.publish(AnalysisRunFlowTest.request(rollout, runName, name, null));
        return runName;
    }

    AnalysisCompleted awaitVerdict(String runName) {
        await().atMost(Duration.ofSeconds(30)).until(() -> verdict(runName) != null);
        return verdict(runName);
    }

    static AnalysisCompleted verdict(String runName) {
        return verdicts.getRecords().stream().map(AnalysisRunFlowTest::decode)
                .filter(e -> e instanceof AnalysisCompleted c && c.runName().equals(runName))
                .map(AnalysisCompleted.class::cast).findFirst().orElse(null);
    }

    @Test
    void a_provider_throwing_stack_overflow_errors_ends_the_run_in_error_and_the_worker_goes_on() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        QuarkusMock.installMockForType(provider(calls, () -> {
            throw new StackOverflowError("provider recursed");
        }), GraphiteProvider.class);

        String runName = template("overflowing-provider");

        AnalysisCompleted done = awaitVerdict(runName);
        assertThat(done.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(done.message()).contains("consecutiveErrorLimit 1").contains("StackOverflowError provider recursed");
        assertThat(calls.get()).as("measured again after the first Error: the in-flight flag was cleared").isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !supervisor.isActive(NS, runName));
    }

    @Test
    void a_provider_running_out_of_memory_ends_the_run_in_error_with_the_message() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        QuarkusMock.installMockForType(provider(calls, () -> {
            throw new OutOfMemoryError("Java heap space");
        }), GraphiteProvider.class);

        String runName = template("oom-provider");

        AnalysisCompleted done = awaitVerdict(runName);
        assertThat(done.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(done.message()).contains("OutOfMemoryError Java heap space");
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_condition_evaluation_that_overflows_its_stack_is_an_error_measurement_not_a_stuck_run() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic); // converting it for CEL never ends: a StackOverflowError inside the evaluation
        QuarkusMock.installMockForType(provider(calls, () -> new ProviderResult.Value(cyclic, "[...]")), GraphiteProvider.class);

        String runName = template("overflowing-condition");

        AnalysisCompleted done = awaitVerdict(runName);
        assertThat(done.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(done.message()).contains("evaluating the conditions failed: StackOverflowError");
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }
}
