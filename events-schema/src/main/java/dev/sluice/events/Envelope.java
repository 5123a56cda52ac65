package dev.sluice.events;

import java.time.Instant;

/** The CloudEvents attributes of a decoded event. */
public record Envelope(String id, String source, String type, String subject, Instant time, Mode mode) {

    /** How the event arrived: {@code ce_*} headers with raw data, or one JSON document. */
    public enum Mode { BINARY, STRUCTURED }
}
