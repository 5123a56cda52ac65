package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The controller started step {@code stepIndex} of the rollout's plan. */
public record StepStarted(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        /** The step as a person reads it, e.g. {@code setWeight: 20} or {@code pause: 5m}. */
        @NotBlank String step) implements RolloutStepEvent {
}
