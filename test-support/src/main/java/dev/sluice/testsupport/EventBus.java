package dev.sluice.testsupport;

import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.SluiceEvent;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Test access to the real broker as another system sees it: publish Sluice events (or raw records, for bad
 * input) and watch topics. Close it after the test.
 */
public final class EventBus implements AutoCloseable {
    private final KafkaCompanion companion;

    public EventBus(KafkaBroker broker) {
        companion = new KafkaCompanion(broker.bootstrapServers());
        companion.registerSerde(byte[].class, Serdes.ByteArray());
    }

    public static EventBus shared() {
        return new EventBus(KafkaBroker.shared());
    }

    /** Publishes in binary mode, as a Sluice service does. */
    public void publish(SluiceEvent event) {
        publish(EventType.forData(event), event);
    }

    public void publish(EventType type, SluiceEvent event) {
        KafkaEvent record = EventCodec.encode(type, event, "/sluice/test");
        send(record.topic(), record.key(), record.headers(), record.value());
    }

    /** Sends any record, valid or not. */
    public void send(String topic, String key, Map<String, String> headers, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        companion.produce(String.class, byte[].class)
                .fromRecords(new ProducerRecord<>(topic, null, key, value, h))
                .awaitCompletion();
    }

    /** Starts reading {@code topic} from the beginning in a fresh group; stop it when done. */
    public ConsumerTask<String, byte[]> watch(String topic) {
        return companion.consume(String.class, byte[].class)
                .withGroupId("watch-" + UUID.randomUUID())
                .withAutoCommit()
                .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                .fromTopics(topic, Duration.ofMinutes(10));
    }

    /** Binary-mode CloudEvents headers for a type, for hand-made records. */
    public static Map<String, String> headers(String ceType) {
        return Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/sluice/test",
                "ce_type", ceType, "content-type", "application/json");
    }

    public static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public KafkaCompanion companion() {
        return companion;
    }

    @Override
    public void close() {
        companion.close();
    }
}
