package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The rollout is paused; {@code until} is null for a pause that waits for a promote or resume. */
public record RolloutPaused(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        /** Why: {@code CanaryPauseStep}, {@code BlueGreenPause}, {@code InconclusiveAnalysis} or {@code PauseCommand}. */
        @NotBlank String reason,
        Instant until) implements RolloutStepEvent {
}
