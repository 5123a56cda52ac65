package dev.sluice.controller.api;

import dev.sluice.common.messaging.KafkaClientSettings;
import dev.sluice.common.ownership.OwnershipTracker;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import dev.sluice.events.Topics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one rollout's step events on {@code sluice.rollout.steps}: a consumer without a group reads only the
 * partition the rollout's key lives in, from its end, and passes on the records with that key. The first event,
 * {@code ready}, says the stream is positioned: every step event after it is delivered.
 */
@ApplicationScoped
public class StepEventStream {

    /** One step event: its CloudEvents type, the JSON data and its offset (the SSE id). */
    public record StepEvent(String type, String json, long offset) {
    }

    /** The service's kafka.* settings (address, security.protocol, sasl.*, ssl.*), as its channels use them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    public Multi<StepEvent> follow(String rolloutId) {
        return Multi.createFrom().<StepEvent>emitter(emitter -> {
            AtomicBoolean open = new AtomicBoolean(true);
            emitter.onTermination(() -> open.set(false));
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientSettings.consumer(kafka, Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG, "sse-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
                    int partitions = consumer.partitionsFor(Topics.STEPS).size();
                    TopicPartition tp = new TopicPartition(Topics.STEPS, OwnershipTracker.partition(rolloutId, partitions));
                    consumer.assign(List.of(tp));
                    consumer.seekToEnd(List.of(tp));
                    emitter.emit(new StepEvent("ready", "{\"rolloutId\":\"" + rolloutId + "\"}", consumer.position(tp)));
                    while (open.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                            if (rolloutId.equals(r.key())) {
                                var type = r.headers().lastHeader("ce_type");
                                emitter.emit(new StepEvent(type == null ? "unknown" : new String(type.value(), StandardCharsets.UTF_8),
                                        new String(r.value(), StandardCharsets.UTF_8), r.offset()));
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
