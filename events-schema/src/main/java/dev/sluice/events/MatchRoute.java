package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * A named route sending requests that match any of {@code match} to the canary only, whatever the weight:
 * Argo's {@code setHeaderRoute} (one match per header condition) and Flagger's A/B {@code match}.
 */
public record MatchRoute(@NotBlank String name, @NotEmpty List<RouteMatch> match) {
}
