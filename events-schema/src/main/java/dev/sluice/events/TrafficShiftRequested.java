package dev.sluice.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.List;

/** Set the canary's share of traffic to {@code canaryWeight}% on every router of {@code routing}. */
public record TrafficShiftRequested(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        @Min(0) @Max(100) int canaryWeight,
        @NotNull TrafficRouting routing,
        @NotBlank String stableService,
        @NotBlank String canaryService,
        /** Pod-template hash of the stable revision (subset-level routing labels). */
        String stableHash,
        /** Pod-template hash of the canary revision. */
        String canaryHash,
        /** Header routes to set; an empty list removes every header route Sluice manages. */
        List<HeaderRoute> headerRoutes) implements RolloutStepEvent {
}
