package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The revision became stable: it now takes all traffic (canary end or blue-green switch). */
public record RolloutPromoted(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        /** The revision that was stable before; null for the first revision. */
        String previousRevision,
        /** True when a promote-full skipped the remaining steps. */
        boolean full) implements RolloutStepEvent {
}
