package dev.sluice.notify.delivery;

import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.events.Json;
import dev.sluice.events.Topics;
import dev.sluice.notify.decide.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A recipient that cannot be reached goes to {@code sluice.deadletter} on its own: the event as it arrived
 * (binary-mode CloudEvent, same {@code ce_id}), {@code dead-letter-reason} saying why, and
 * {@code dead-letter-recipient} naming the recipient ({@code slack:deploys}). Re-publishing it to its topic
 * reaches only the recipients the ledger has no mark for.
 */
@ApplicationScoped
public class DeadLetters {
    @Inject
    KafkaClients clients;

    public CompletionStage<Void> send(InboundEvent event, Delivery delivery, String reason) {
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(event.data());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEADLETTER, event.rolloutId(), value);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", event.envelope().id());
        header(record, "ce_source", event.envelope().source());
        header(record, "ce_type", event.type().ceType());
        header(record, "ce_subject", event.rolloutId());
        header(record, "content-type", "application/json");
        header(record, "dead-letter-topic", event.topic());
        header(record, "dead-letter-reason", "notify: " + delivery.target() + " (" + delivery.notice().trigger().key() + "): " + reason);
        header(record, "dead-letter-recipient", delivery.target());
        CompletableFuture<Void> done = new CompletableFuture<>();
        clients.producer().send(record, (meta, failure) -> {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
