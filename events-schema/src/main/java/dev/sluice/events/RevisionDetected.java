package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** A new pod template was seen: a new revision starts its way through the strategy. */
public record RevisionDetected(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        /** The stable revision at the time the new one was seen; null for the very first revision. */
        String stableRevision,
        /** {@code canary} or {@code blueGreen}. */
        @NotBlank String strategy) implements RolloutStepEvent {
}
