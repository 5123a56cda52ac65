package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** One measurement of one metric of an AnalysisRun. */
public record MeasurementTaken(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @NotBlank String runName,
        @NotBlank String metricName,
        /** 1-based count of this metric's measurements in the run. */
        @PositiveOrZero int measurementIndex,
        @NotNull MeasurementPhase phase,
        /** The value as the conditions saw it (a number, a list or JSON), or null on error or no data. */
        String value,
        String message,
        boolean dryRun,
        @NotNull Instant time) implements SluiceEvent {
}
