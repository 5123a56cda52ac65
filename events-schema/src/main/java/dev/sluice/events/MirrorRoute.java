package dev.sluice.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * Argo's {@code setMirrorRoute}: requests matching any of {@code match} keep their weighted destinations and
 * a copy of {@code percentage}% of them (default 100) goes to the canary, whose answers are discarded.
 */
public record MirrorRoute(@NotBlank String name, @NotEmpty List<RouteMatch> match, @Min(0) @Max(100) Integer percentage) {

    public int percent() {
        return percentage == null ? 100 : percentage;
    }
}
