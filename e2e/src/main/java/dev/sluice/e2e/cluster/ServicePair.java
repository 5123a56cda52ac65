package dev.sluice.e2e.cluster;

/** A stable and a canary Service the mesh knows the endpoints of. */
public record ServicePair(String stableService, String canaryService) {
}
