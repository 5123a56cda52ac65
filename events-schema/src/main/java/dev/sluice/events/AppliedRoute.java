package dev.sluice.events;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** One route object as read back after a write: the weight actually found there. */
public record AppliedRoute(
        /** istio, nginx, gatewayAPI or traefik. */
        @NotBlank String router,
        @NotBlank String kind,
        @NotBlank String namespace,
        @NotBlank String name,
        /** The route inside the object (VirtualService route, HTTPRoute rule), when it has a name. */
        String route,
        @Min(0) @Max(100) int canaryWeight,
        String resourceVersion) {
}
