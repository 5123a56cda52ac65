package dev.sluice.common.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventCodec;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.KafkaBroker;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.OutageProxy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An API server outage longer than SmallRye's 60 s unprocessed-record limit, against the real broker and the fabric8
 * test server behind a proxy that resets every connection: the consumer stays alive (liveness UP the whole time),
 * reports not-ready with the waiting record, and once the API server is back handles what waited, in order, with
 * nothing dead-lettered, and goes on consuming. Before the fix the channel was marked failed after 60 s, liveness
 * went DOWN (a pod restart in a cluster) and nothing more was consumed.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClusterOutage.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ApiServerOutageTest {
    private static final String TOPIC = "sluice.test.outage";
    private static final Duration OUTAGE = Duration.ofSeconds(65);

    KafkaCompanion companion;
    KubernetesClient cluster;
    OutageProxy proxy;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(KafkaBroker.shared().bootstrapServers());
        companion.registerSerde(byte[].class, Serdes.ByteArray());
        cluster = ClusterOutage.direct();
        proxy = ClusterOutage.proxy();
    }

    @AfterEach
    void close() {
        proxy.restore();
        companion.close();
        cluster.close();
    }

    @Test
    void an_outage_longer_than_a_minute_is_waited_out_and_reported_as_not_ready_never_as_dead() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String rollout = "outage/" + run;
        ConsumerTask<String, byte[]> deadLetters = companion.consume(String.class, byte[].class)
                .withGroupId("outage-dlq-" + run).withAutoCommit().fromTopics(Topics.DEADLETTER, Duration.ofSeconds(200));

        // Given a consumer that writes each check to the cluster, and the cluster reachable
        send(rollout, "before-" + run);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("before-" + run) != null);

        // When the API server goes away, and two checks of one rollout and one of another arrive
        proxy.cut();
        send(rollout, "first-" + run);
        send(rollout, "second-" + run);
        send("outage/other-" + run, "other-" + run);

        // Then readiness reports the waiting record, and liveness stays UP for longer than SmallRye's limit
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath ready = health("/q/health/ready", 503);
            assertThat(ready.getString("checks.find { it.name == 'sluice-consumers' }.status")).isEqualTo("DOWN");
            assertThat(ready.getString("checks.find { it.name == 'sluice-consumers' }.data.waiting"))
                    .contains("dev.sluice.check.completed.v1").contains("transient failures");
        });
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(20)).pollInterval(Duration.ofSeconds(2))
                .until(() -> given().get("/q/health/live").statusCode() == 200 && stored("first-" + run) == null);

        // And when the API server is back, what waited is written, in order, and readiness returns
        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("second-" + run) != null && stored("other-" + run) != null);
        assertThat(version(stored("first-" + run))).isLessThan(version(stored("second-" + run)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> health("/q/health/ready", 200));

        // And the consumer goes on, with nothing dead-lettered
        send(rollout, "after-" + run);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("after-" + run) != null);
        assertThat(deadLetters.getRecords()).noneMatch(r -> r.key() != null && r.key().endsWith(run));
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        deadLetters.stop();
    }

    private static JsonPath health(String path, int status) {
        return given().get(path).then().statusCode(status).extract().jsonPath();
    }

    private ConfigMap stored(String name) {
        return cluster.configMaps().inNamespace("outage").withName(name).get();
    }

    private static long version(ConfigMap map) {
        return Long.parseLong(map.getMetadata().getResourceVersion());
    }

    private void send(String rolloutId, String checkName) {
        KafkaEvent record = EventCodec.encode(new CheckCompleted(rolloutId, "rev1", checkName, true, 1.0, "ok", Instant.now()), "/test");
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        companion.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(TOPIC, null, rolloutId, record.value(), headers)).awaitCompletion();
    }
}
