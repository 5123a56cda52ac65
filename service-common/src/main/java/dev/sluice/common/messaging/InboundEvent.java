package dev.sluice.common.messaging;

import dev.sluice.events.Envelope;
import dev.sluice.events.EventType;
import dev.sluice.events.SluiceEvent;

/** A decoded, valid event with where it came from. */
public record InboundEvent(Envelope envelope, EventType type, SluiceEvent data, String topic, int partition, long offset) {

    public String rolloutId() {
        return data.rolloutId();
    }
}
