package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A command from another system, the CLI or the REST API. The CloudEvents type says which
 * ({@code dev.sluice.command.promote.v1}, ...); the data is the same for all of them.
 */
public record RolloutCommand(
        @NotBlank String rolloutId,
        /** When set, the command applies only while this revision is the one rolling out. */
        String revision,
        /** Who asked: a user, a pipeline, a bot. */
        String requestedBy,
        String reason,
        @NotNull Instant time) implements SluiceEvent {
}
