package dev.sluice.common.messaging;

import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The front door of every consumer: decodes a record into a Sluice event and hands it to the service's
 * handler, then acks. A record that is not a valid event, or whose handling fails, is nacked: the channel's
 * {@code dead-letter-queue} failure strategy (set for every channel in service-common's configuration)
 * writes it to {@code sluice.deadletter} with the reason, a counter rises, and the consumer goes on.
 */
@ApplicationScoped
public class EventIntake {
    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    /** What a service does with one valid event; the stage completes when its effect is durable. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<Void> handle(InboundEvent event) throws Exception;
    }

    private final MeterRegistry registry;
    private final int laneCount;
    private final Map<String, KeyedLanes> lanesByChannel = new ConcurrentHashMap<>();

    @Inject
    public EventIntake(MeterRegistry registry, @ConfigProperty(name = "sluice.consumer.lanes", defaultValue = "16") int laneCount) {
        this.registry = registry;
        this.laneCount = laneCount;
    }

    /**
     * {@link #accept} on the channel's {@link KeyedLanes}, by the record's key (the rollout id): one rollout's records
     * in order, different rollouts' records side by side ({@code sluice.consumer.lanes} of them); the handler may
     * block. Returns when the next record may be handed over.
     */
    public CompletionStage<Void> acceptInLanes(String channel, Message<byte[]> message, Set<EventType> wanted, Handler handler) {
        Object key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getKey)
                .orElse(null);
        KeyedLanes lanes = lanesByChannel.computeIfAbsent(channel, c -> new KeyedLanes(c, laneCount, laneCount * 4));
        return lanes.submit(key == null ? null : key.toString(), () -> accept(message, wanted, handler));
    }

    @PreDestroy
    void closeLanes() {
        lanesByChannel.values().forEach(KeyedLanes::close);
    }

    /**
     * Decodes the record and hands it to {@code handler} if its type is one of {@code wanted}; a record of another
     * known type is acknowledged unread (its {@code ce_type} header is enough: most records on a shared topic are for
     * other services, and decoding and validating them was most of a consumer's work under load). A record that is not
     * a valid event is dead-lettered.
     */
    public CompletionStage<Void> accept(Message<byte[]> message, Set<EventType> wanted, Handler handler) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String topic = kafka == null ? "unknown" : kafka.getTopic();
        Map<String, String> headers = new LinkedHashMap<>();
        if (kafka != null) {
            for (Header h : kafka.getHeaders()) {
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        Optional<EventType> declared = EventType.fromCeType(headers.getOrDefault("ce_type", ""));
        if (declared.isPresent() && !wanted.contains(declared.get())) {
            return message.ack();
        }
        Decoded decoded = EventCodec.decode(headers, message.getPayload());
        if (decoded instanceof Decoded.Rejected rejected) {
            return deadLetter(message, topic, kafka, "invalid", rejected.reason());
        }
        Decoded.Event event = (Decoded.Event) decoded;
        if (!wanted.contains(event.type())) { // structured mode: the type was inside the payload
            return message.ack();
        }
        InboundEvent inbound = new InboundEvent(event.envelope(), event.type(), event.data(), topic,
                kafka == null ? -1 : kafka.getPartition(), kafka == null ? -1 : kafka.getOffset(),
                kafka == null ? null : kafka.getTimestamp());
        CompletionStage<Void> handled;
        try {
            handled = handler.handle(inbound);
        } catch (Exception e) {
            handled = CompletableFuture.failedFuture(e);
        }
        return handled.handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                registry.counter("sluice.events.consumed", "type", event.type().ceType()).increment();
                return message.ack();
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return deadLetter(message, topic, kafka, "handler-failed",
                    "handling " + event.type().ceType() + " for " + inbound.rolloutId() + " failed: " + cause.getMessage());
        });
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> message, String topic, IncomingKafkaRecordMetadata<?, ?> kafka,
            String cause, String reason) {
        registry.counter("sluice.events.deadlettered", "topic", topic, "cause", cause).increment();
        LOG.warnf("dead-lettering record %s-%d@%d key=%s: %s", topic, kafka == null ? -1 : kafka.getPartition(),
                kafka == null ? -1 : kafka.getOffset(), kafka == null ? null : kafka.getKey(), reason);
        return message.nack(new InvalidEventException(reason));
    }
}
