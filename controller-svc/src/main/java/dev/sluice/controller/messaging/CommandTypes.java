package dev.sluice.controller.messaging;

import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.events.EventType;
import java.util.Optional;

/** One table between the command names recorded in status (and written by the CLI) and their CloudEvents types. */
public final class CommandTypes {
    private CommandTypes() {
    }

    /** The CloudEvents type of a command; empty for {@link RolloutCommandName#UNKNOWN} or null. */
    public static Optional<EventType> type(RolloutCommandName command) {
        if (command == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (command) {
            case PROMOTE -> EventType.COMMAND_PROMOTE;
            case PROMOTE_FULL -> EventType.COMMAND_PROMOTE_FULL;
            case ABORT -> EventType.COMMAND_ABORT;
            case RETRY -> EventType.COMMAND_RETRY;
            case PAUSE -> EventType.COMMAND_PAUSE;
            case RESUME -> EventType.COMMAND_RESUME;
            case UNKNOWN -> null;
        });
    }

    /** The command a CloudEvents type carries; empty for a type that is not a command. */
    public static Optional<RolloutCommandName> command(EventType type) {
        for (RolloutCommandName c : RolloutCommandName.values()) {
            if (type(c).filter(type::equals).isPresent()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
