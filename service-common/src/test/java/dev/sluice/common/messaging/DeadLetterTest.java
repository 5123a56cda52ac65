package dev.sluice.common.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventCodec;
import dev.sluice.events.Json;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.KafkaBroker;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared consumer front door against the real broker: garbage bytes, a wrong type, a missing required
 * field and a failing handler all land in sluice.deadletter with the reason, and the valid event sent after
 * them is still processed.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterTest {
    @Inject
    ProbeConsumer probe;

    KafkaCompanion companion;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(KafkaBroker.shared().bootstrapServers());
        companion.registerSerde(byte[].class, Serdes.ByteArray());
    }

    @AfterEach
    void close() {
        companion.close();
    }

    @Test
    void bad_records_go_to_the_dead_letter_topic_with_the_reason_and_the_consumer_keeps_going() {
        String rollout = "dlq/" + UUID.randomUUID();
        ConsumerTask<String, byte[]> deadLetters = companion.consume(String.class, byte[].class)
                .withGroupId("dlq-watch-" + UUID.randomUUID())
                .withAutoCommit()
                .fromTopics(Topics.DEADLETTER, Duration.ofSeconds(60));

        // a type this consumer does not want is acknowledged unread, so even a bad body is not its business
        send(rollout, headers("dev.sluice.rollout.step.started.v1"), json("{\"not\":\"read\"}"));
        send(rollout, headers("dev.sluice.check.completed.v1"), new byte[] {(byte) 0xC3, 0x28, 0x00});
        send(rollout, headers("dev.sluice.traffic.teleported.v1"), json("{\"rolloutId\":\"" + rollout + "\"}"));
        send(rollout, headers("dev.sluice.check.completed.v1"),
                json("{\"rolloutId\":\"" + rollout + "\",\"passed\":true,\"time\":\"2026-11-26T10:00:00Z\"}"));
        publish(new CheckCompleted(rollout, null, "explode", true, null, null, Instant.now()));
        publish(new CheckCompleted(rollout, "7d9f", "smoke-tests", true, 1.0, "all green", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(probe.received()).extracting(CheckCompleted::rolloutId).contains(rollout));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reasons(deadLetters.getRecords(), rollout)).hasSize(4));
        List<String> reasons = reasons(deadLetters.getRecords(), rollout);
        assertThat(reasons.get(0)).contains("value is not JSON");
        assertThat(reasons.get(1)).contains("unknown event type 'dev.sluice.traffic.teleported.v1'");
        assertThat(reasons.get(2)).contains("checkName");
        assertThat(reasons.get(3)).contains("the handler could not store the check");
        assertThat(reasons).noneMatch(r -> r.contains("step.started"));
        assertThat(probe.received()).filteredOn(c -> c.rolloutId().equals(rollout))
                .singleElement().extracting(CheckCompleted::checkName).isEqualTo("smoke-tests");
        deadLetters.stop();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sluice_events_deadlettered_total{cause=\"invalid\",topic=\"sluice.checks\"}"));
    }

    private static List<String> reasons(List<ConsumerRecord<String, byte[]>> records, String rollout) {
        return records.stream().filter(r -> rollout.equals(r.key()))
                .map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .toList();
    }

    private void publish(CheckCompleted check) {
        KafkaEvent record = EventCodec.encode(check, "/test");
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(check.rolloutId(), headers, record.value());
    }

    private void send(String key, RecordHeaders headers, byte[] value) {
        companion.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(Topics.CHECKS, null, key, value, headers))
                .awaitCompletion();
    }

    private static RecordHeaders headers(String type) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        h.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        h.add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        h.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static {
        Json.mapper();
    }
}
