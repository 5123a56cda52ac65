package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * An external check's result for the {@code event} metric provider, e.g. "smoke-tests passed for
 * rollout prod/web revision 7d9f". A result without a revision counts for whichever revision is running.
 */
public record CheckCompleted(
        @NotBlank String rolloutId,
        String revision,
        @NotBlank String checkName,
        boolean passed,
        /** An optional measured value, handed to the metric's conditions as {@code result.value}. */
        Double value,
        String message,
        @NotNull Instant time) implements SluiceEvent {
}
