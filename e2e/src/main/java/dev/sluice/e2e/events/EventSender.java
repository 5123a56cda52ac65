package dev.sluice.e2e.events;

import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.SluiceEvent;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes Sluice events the way any other system would: a plain Kafka producer writing binary-mode
 * CloudEvents ({@link EventCodec}), key = rollout id. {@link #send} returns when the broker acknowledged.
 */
public final class EventSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    public EventSender(String bootstrapServers, String source) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p);
        this.source = source;
    }

    public RecordMetadata send(SluiceEvent event) {
        return send(EventType.forData(event), event);
    }

    public RecordMetadata send(EventType type, SluiceEvent event) {
        KafkaEvent record = EventCodec.encode(type, event, source);
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + type.ceType(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing " + type.ceType() + " failed", e.getCause());
        }
    }

    public KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
