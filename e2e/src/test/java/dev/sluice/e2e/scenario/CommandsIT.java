package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 3: an indefinite pause released by a promote command that another system publishes on Kafka, and an
 * abort through the controller's REST API with a bearer token.
 */
class CommandsIT {
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void an_indefinite_pause_waits_for_a_promote_command_published_by_a_plain_kafka_producer() throws Exception {
        // Given a rollout that pauses indefinitely at 20% and again at 50%
        String ns = "commands";
        String id = ns + "/" + Manifests.ROLLOUT;
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0",
                List.of("setWeight: 20", "pause: {}", "setWeight: 50", "pause: {duration: 1s}")));
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));

        // When a new revision is released, it stops at 20% and stays Paused
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the rollout to pause at 20%").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(20);
        });
        String revision = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(20);
        });

        // and another system publishes dev.sluice.command.promote.v1 with its own plain Kafka producer
        // (structured-mode CloudEvent, as any CloudEvents SDK writes it)
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String cloudEvent = """
                {"specversion":"1.0","id":"ci-%d","source":"/ci/pipeline","type":"dev.sluice.command.promote.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "data":{"rolloutId":"%s","requestedBy":"ci-pipeline","reason":"QA signed off","time":"%s"}}
                """.formatted(System.nanoTime(), id, Instant.now(), id, Instant.now());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>("sluice.rollout.commands", id, cloudEvent);
            record.headers().add("content-type", "application/cloudevents+json".getBytes());
            producer.send(record).get();
        }

        // Then the rollout continues to 50% and is promoted
        await("the revision to be promoted").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(status.path("phase").asText()).isEqualTo("Healthy");
            assertThat(status.path("stableRS").asText()).isEqualTo(revision);
        });
        History history = History.of(harness.events(), id, revision);
        assertThat(history.has(EventType.COMMAND_PROMOTE) || !harness.events().of(id, EventType.COMMAND_PROMOTE).isEmpty()).isTrue();
        assertThat(History.distinctRuns(history.requestedWeights())).as(history.toString()).startsWith(20, 50);
        assertThat(history.has(EventType.ROLLOUT_PAUSED)).as(history.toString()).isTrue();
        assertThat(((RolloutCommand) harness.events().of(id, EventType.COMMAND_PROMOTE).get(0).data()).requestedBy())
                .isEqualTo("ci-pipeline");
    }

    @Test
    void an_abort_through_the_rest_api_needs_a_token_and_returns_all_traffic_to_stable() throws Exception {
        // Given a rollout paused indefinitely at 30%
        String ns = "commands-abort";
        String id = ns + "/" + Manifests.ROLLOUT;
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", List.of("setWeight: 30", "pause: {}")));
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the rollout to pause at 30%").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(30);
        });
        String revision = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();
        java.net.URI abort = harness.controller().url().resolve("/api/v1/rollouts/" + id + "/abort?reason=e2e%20abort");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        // When someone without a token asks for an abort, it is refused with a problem and nothing changes
        var refused = http.send(java.net.http.HttpRequest.newBuilder(abort).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");

        // When it is asked with the token
        var accepted = http.send(java.net.http.HttpRequest.newBuilder(abort)
                .header("Authorization", "Bearer " + SharedHarness.API_TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 299);

        // Then all traffic returns to stable, the phase is Degraded, and the history shows the command and the abort
        await("the abort").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Degraded");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(0);
        });
        await("the abort events").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(harness.events().of(id, EventType.COMMAND_ABORT)).isNotEmpty();
            assertThat(History.of(harness.events(), id, revision).has(EventType.ROLLOUT_ABORTED)).isTrue();
        });
        assertThat(History.of(harness.events(), id, revision).requestedWeights()).endsWith(0);
    }
}
