package dev.sluice.common.messaging;

import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.SluiceEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes Sluice events as binary-mode CloudEvents on the topic their type names, keyed by rollout id.
 * The returned stage completes when the broker acknowledged the record (idempotent producer,
 * {@code acks=all}), so a caller commits its own input only after its output is durable. When the emitter refuses a
 * record (its buffer full while the broker is away, or the channel failed), the stage fails: callers handle one kind of
 * failure, and a lane or a worker never meets it as an exception.
 */
@ApplicationScoped
public class EventPublisher {
    public static final String CHANNEL = "sluice-out";

    private final Emitter<byte[]> emitter;
    private final String source;
    private final MeterRegistry registry;

    @Inject
    public EventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) Emitter<byte[]> emitter,
            @ConfigProperty(name = "sluice.source") String source, MeterRegistry registry) {
        this.emitter = emitter;
        this.source = source;
        this.registry = registry;
    }

    public CompletionStage<Void> publish(SluiceEvent event) {
        return publish(EventType.forData(event), event);
    }

    public CompletionStage<Void> publish(EventType type, SluiceEvent event) {
        return send(type, EventCodec.encode(type, event, source));
    }

    /** Publishes with a given CloudEvents id: the same input relayed twice is recognised by its id downstream. */
    public CompletionStage<Void> publish(EventType type, SluiceEvent event, String id) {
        return send(type, EventCodec.encode(type, event, source, id));
    }

    private CompletionStage<Void> send(EventType type, KafkaEvent record) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        Message<byte[]> message = Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(record.topic())
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build())
                .withAck(() -> {
                    registry.counter("sluice.events.published", "type", type.ceType()).increment();
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // the emitter's buffer is full (the broker has been away long enough to fill it) or the channel is gone:
            // the caller gets a failed stage, as for a send the broker refused, never an exception at the call site
            registry.counter("sluice.events.publish.refused", "type", type.ceType()).increment();
            done.completeExceptionally(new IllegalStateException("publishing " + type.ceType() + " for " + record.key()
                    + " refused: " + e.getMessage(), e));
        }
        return done;
    }
}
