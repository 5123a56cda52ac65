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
        List<HeaderRoute> headerRoutes,
        /**
         * Named canary-only routes (Argo's setHeaderRoute with any match, Flagger's A/B {@code match}); with
         * {@code headerRoutes}, the complete set: one missing from both is removed.
         */
        List<MatchRoute> matchRoutes,
        /** Mirror routes to set (Argo's setMirrorRoute); one missing is removed. */
        List<MirrorRoute> mirrorRoutes,
        /** Flagger's sessionAffinity: clients the canary answered stay on it while its weight is above 0. */
        SessionAffinity sessionAffinity) implements RolloutStepEvent {

    /** A request with weights and header routes only (the first version of this event). */
    public TrafficShiftRequested(String rolloutId, String rolloutUid, String revision, int stepIndex, long sequence,
            Instant time, int canaryWeight, TrafficRouting routing, String stableService, String canaryService,
            String stableHash, String canaryHash, List<HeaderRoute> headerRoutes) {
        this(rolloutId, rolloutUid, revision, stepIndex, sequence, time, canaryWeight, routing, stableService, canaryService,
                stableHash, canaryHash, headerRoutes, null, null, null);
    }
}
