package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The run reached a terminal phase; the metric and value that decided it are named. */
public record AnalysisCompleted(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @NotBlank String runName,
        /** The sequence of the {@link AnalysisRequested} this answers. */
        @PositiveOrZero long requestSequence,
        @NotNull AnalysisPhase phase,
        /** The metric that decided the phase; null when every metric succeeded. */
        String metricName,
        /** The deciding measurement's value. */
        String value,
        @NotBlank String message,
        @NotNull Instant time) implements SluiceEvent {
}
