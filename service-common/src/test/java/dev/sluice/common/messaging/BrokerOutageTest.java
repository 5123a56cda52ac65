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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real broker is down when the service starts, and is restarted while it runs: the service starts anyway and
 * stays alive, consumes once the broker is there, and what it published while the broker was away arrives once
 * it is back; nothing is lost and nothing is dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = BrokerDownAtStart.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BrokerOutageTest {
    @Inject
    ProbeConsumer probe;
    @Inject
    EventPublisher publisher;

    KafkaCompanion companion;

    @AfterEach
    void close() {
        KafkaBroker.shared().startAgain();
        if (companion != null) {
            companion.close();
        }
    }

    @Test
    void a_service_started_without_its_broker_and_a_broker_restart_lose_nothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // Given the service started while the broker was down: it is alive, and it can already be asked to publish
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        CompletionStage<Void> publishedWhileDown = publisher.publish(check("down/" + run, "published-while-down"));

        // When the broker comes up
        KafkaBroker.shared().startAgain();
        companion = new KafkaCompanion(KafkaBroker.shared().bootstrapServers());
        companion.registerSerde(byte[].class, Serdes.ByteArray());
        ConsumerTask<String, byte[]> checks = companion.consume(String.class, byte[].class)
                .withGroupId("broker-outage-" + run).withAutoCommit().fromTopics(Topics.CHECKS, Duration.ofSeconds(120));
        ConsumerTask<String, byte[]> deadLetters = companion.consume(String.class, byte[].class)
                .withGroupId("broker-outage-dlq-" + run).withAutoCommit().fromTopics(Topics.DEADLETTER, Duration.ofSeconds(120));

        // Then what was published while it was down arrives, and the consumer reads what is sent now
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedWhileDown.toCompletableFuture().isDone());
        assertThat(publishedWhileDown.toCompletableFuture()).isCompleted();
        send(check("up/" + run, "sent-after-start"));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("sent-after-start"));

        // And when the broker restarts while the service runs, a publish made meanwhile arrives, and consuming goes on
        KafkaBroker.shared().stopServing();
        CompletionStage<Void> publishedDuringRestart = publisher.publish(check("restart/" + run, "published-during-restart"));
        KafkaBroker.shared().startAgain();
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedDuringRestart.toCompletableFuture().isDone());
        assertThat(publishedDuringRestart.toCompletableFuture()).isCompleted();
        send(check("restart/" + run, "sent-after-restart"));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("sent-after-restart"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(checks.getRecords())
                .extracting(r -> r.key()).contains("down/" + run, "restart/" + run));
        assertThat(deadLetters.getRecords()).noneMatch(r -> r.key() != null && r.key().endsWith(run));
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        checks.stop();
        deadLetters.stop();
    }

    private boolean received(String checkName) {
        return probe.received().stream().anyMatch(c -> c.checkName().equals(checkName));
    }

    private static CheckCompleted check(String rolloutId, String name) {
        return new CheckCompleted(rolloutId, "rev1", name, true, 1.0, "ok", Instant.now());
    }

    private void send(CheckCompleted check) {
        KafkaEvent record = EventCodec.encode(check, "/test");
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        companion.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(Topics.CHECKS, null, check.rolloutId(), record.value(), headers)).awaitCompletion();
    }
}
