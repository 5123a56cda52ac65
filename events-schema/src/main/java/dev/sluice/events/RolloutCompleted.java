package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The rollout settled: {@code phase} is Healthy (new revision is stable, old ones scaled down) or Degraded. */
public record RolloutCompleted(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        @NotBlank String phase,
        String message) implements RolloutStepEvent {
}
