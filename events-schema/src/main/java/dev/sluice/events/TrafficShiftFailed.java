package dev.sluice.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The shift could not be applied; {@code reason} names the object and route. */
public record TrafficShiftFailed(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        @Min(0) @Max(100) int canaryWeight,
        @NotBlank String router,
        /** {@code Kind namespace/name}, when one object is at fault. */
        String object,
        @NotBlank String reason,
        /** True when retrying the same request may succeed (API unavailable, conflict). */
        boolean retryable) implements SluiceEvent {
}
