package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.ServiceProcess;
import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every part of the suite starts as its own process, and the parts reach each other. */
class SmokeIT {
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }


    @Test
    void every_service_reports_ready_from_its_own_process() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (ServiceProcess service : harness.services()) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(service.url().resolve("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(service.module()).isEqualTo(200);
            assertThat(ready.body()).as(service.module()).contains("\"UP\"");
            assertThat(service.process().pid()).isNotEqualTo(ProcessHandle.current().pid());
        }
        assertThat(harness.processes()).extracting(p -> p.pid()).doesNotHaveDuplicates();
    }

    @Test
    void a_rollout_can_be_created_on_the_kubernetes_api_test_server() {
        harness.kube().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("smoke").endMetadata().build())
                .create();
        GenericKubernetesResource rollout = new GenericKubernetesResourceBuilder()
                .withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
                .withNewMetadata().withName("web").withNamespace("smoke").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("replicas", 2)))
                .build();
        harness.kube().resource(rollout).create();

        GenericKubernetesResource read = harness.kube().genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
                .inNamespace("smoke").withName("web").get();
        assertThat(read).isNotNull();
        assertThat(read.getMetadata().getUid()).isNotBlank();
        assertThat(read.get("spec", "replicas").toString()).isEqualTo("2");
    }

    @Test
    void an_event_published_on_kafka_reaches_each_service() {
        Instant now = Instant.now();
        double controllerBefore = harness.controller().metric("sluice_events_consumed_total");
        double analysisBefore = harness.analysis().metric("sluice_events_consumed_total");
        double trafficBefore = harness.traffic().metric("sluice_events_consumed_total");

        harness.sender().send(EventType.COMMAND_PAUSE, new RolloutCommand("smoke/absent", null, "e2e-smoke", "smoke test", now));
        harness.sender().send(new CheckCompleted("smoke/absent", null, "smoke", true, 1.0, "smoke test", now));
        harness.sender().send(new TrafficShiftRequested("smoke/absent", "uid-smoke", "rev1", 0, 1, now, 0,
                TrafficRouting.of(new TrafficRouting.Istio(List.of(new TrafficRouting.VirtualService("absent", null, null, null)), null)),
                Harness.STABLE_SERVICE, Harness.CANARY_SERVICE, null, null, List.of()));

        await("the controller consumes the command").atMost(Duration.ofSeconds(30))
                .until(() -> harness.controller().metric("sluice_events_consumed_total") > controllerBefore);
        await("analysis consumes the check result").atMost(Duration.ofSeconds(30))
                .until(() -> harness.analysis().metric("sluice_events_consumed_total") > analysisBefore);
        await("traffic consumes the shift request").atMost(Duration.ofSeconds(30))
                .until(() -> harness.traffic().metric("sluice_events_consumed_total") > trafficBefore);
    }
}
