package dev.sluice.e2e.events;

import dev.sluice.events.Envelope;
import dev.sluice.events.EventType;
import dev.sluice.events.SluiceEvent;

/**
 * One Sluice event as read from the broker: where it was ({@code topic}, {@code partition}, {@code offset}),
 * the broker's record timestamp, and when this reader received it ({@code receivedNanos}, {@link System#nanoTime()}; {@code receivedAt}, wall clock).
 */
public record ObservedEvent(String topic, int partition, long offset, long recordTimestampMillis, long receivedNanos,
        java.time.Instant receivedAt, Envelope envelope, EventType type, SluiceEvent data) {

    public String rolloutId() {
        return data.rolloutId();
    }

    /** The short type name, e.g. {@code traffic.shifted}. */
    public String shortType() {
        String ce = type.ceType();
        return ce.substring("dev.sluice.".length(), ce.length() - ".v1".length());
    }

    @SuppressWarnings("unchecked")
    public <T extends SluiceEvent> T as(Class<T> dataClass) {
        return (T) data;
    }
}
