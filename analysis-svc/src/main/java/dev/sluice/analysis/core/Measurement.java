package dev.sluice.analysis.core;

import dev.sluice.events.MeasurementPhase;
import java.time.Instant;

/**
 * One measurement of one metric.
 *
 * @param index 1-based, counting every measurement of the metric (errors too)
 * @param value the value as the conditions saw it, or null on error
 */
public record Measurement(int index, MeasurementPhase phase, String value, String message, Instant startedAt,
        Instant finishedAt) {
}
