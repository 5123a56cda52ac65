package dev.sluice.common.messaging;

import dev.sluice.events.Envelope;
import dev.sluice.events.EventType;
import dev.sluice.events.SluiceEvent;
import java.time.Instant;

/**
 * A decoded, valid event with where it came from; {@code emittedAt} is the Kafka record's timestamp (when its
 * producer sent it), or {@code null} when unknown.
 */
public record InboundEvent(Envelope envelope, EventType type, SluiceEvent data, String topic, int partition, long offset,
        Instant emittedAt) {

    public String rolloutId() {
        return data.rolloutId();
    }
}
