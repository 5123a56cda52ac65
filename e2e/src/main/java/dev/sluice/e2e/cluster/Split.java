package dev.sluice.e2e.cluster;

/** What one route object says: {@code canaryPercent}% of its traffic to the canary Service, the rest to stable. */
public record Split(String route, String stableService, String canaryService, int canaryPercent) {
}
