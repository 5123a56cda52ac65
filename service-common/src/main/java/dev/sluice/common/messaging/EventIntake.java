package dev.sluice.common.messaging;

import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
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

    @Inject
    public EventIntake(MeterRegistry registry) {
        this.registry = registry;
    }

    public CompletionStage<Void> accept(Message<byte[]> message, Handler handler) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String topic = kafka == null ? "unknown" : kafka.getTopic();
        Map<String, String> headers = new LinkedHashMap<>();
        if (kafka != null) {
            for (Header h : kafka.getHeaders()) {
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        Decoded decoded = EventCodec.decode(headers, message.getPayload());
        if (decoded instanceof Decoded.Rejected rejected) {
            return deadLetter(message, topic, kafka, "invalid", rejected.reason());
        }
        Decoded.Event event = (Decoded.Event) decoded;
        InboundEvent inbound = new InboundEvent(event.envelope(), event.type(), event.data(), topic,
                kafka == null ? -1 : kafka.getPartition(), kafka == null ? -1 : kafka.getOffset());
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
