package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The revision was aborted: traffic returns to stable and the canary is scaled down. */
public record RolloutAborted(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        /** A sentence a person can act on, naming the metric and value when analysis decided. */
        @NotBlank String reason,
        /** The metric that failed, when analysis decided. */
        String metricName,
        /** The measured value that failed, when analysis decided. */
        String measuredValue,
        /** Why, as a value; absent in events from controllers older than this field (read as "not known"). */
        AbortCause cause) implements RolloutStepEvent {

    /** An abort whose cause is not known (as events from older controllers decode). */
    public RolloutAborted(String rolloutId, String rolloutUid, String revision, int stepIndex, long sequence, Instant time,
            String reason, String metricName, String measuredValue) {
        this(rolloutId, rolloutUid, revision, stepIndex, sequence, time, reason, metricName, measuredValue, null);
    }
}
