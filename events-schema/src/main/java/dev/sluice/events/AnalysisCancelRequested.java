package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** Stop the run {@code runName}: the rollout moved on, was aborted or was promoted. */
public record AnalysisCancelRequested(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        @NotBlank String runName,
        @NotBlank String reason) implements RolloutStepEvent {
}
