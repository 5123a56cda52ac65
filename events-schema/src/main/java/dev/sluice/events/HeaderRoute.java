package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;

/** Requests whose header {@code name} matches go to the canary whatever the weight (Argo's setHeaderRoute). */
public record HeaderRoute(
        @NotBlank String routeName,
        @NotBlank String headerName,
        /** One of {@code exact}, {@code prefix}, {@code regex}. */
        @NotBlank String matchType,
        @NotBlank String value) {
}
