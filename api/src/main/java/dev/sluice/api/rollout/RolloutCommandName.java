package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A command a person or another system sends to a rollout ({@code status.pendingCommands[].command}), stored as
 * today's strings ({@code promote-full}, not {@code PROMOTE_FULL}). {@link #UNKNOWN} stands for a stored value this
 * version does not know: the engines drop it.
 */
public enum RolloutCommandName {
    PROMOTE("promote"), PROMOTE_FULL("promote-full"), ABORT("abort"), RETRY("retry"), PAUSE("pause"), RESUME("resume"),
    UNKNOWN("unknown");

    private final String value;

    RolloutCommandName(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** The command for a stored string; {@link #UNKNOWN} for one this version does not know, null for null. */
    @JsonCreator
    public static RolloutCommandName of(String value) {
        return value == null ? null : StatusValues.parse(RolloutCommandName.class, value, RolloutCommandName::value, UNKNOWN);
    }

    @Override
    public String toString() {
        return value;
    }
}
