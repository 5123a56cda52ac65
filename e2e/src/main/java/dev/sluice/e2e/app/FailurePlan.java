package dev.sluice.e2e.app;

/**
 * Which requests fail, for a given failure share: exactly {@code share} of every run of requests, spread
 * evenly (request n fails when floor(n * share) steps up), so a metric measured over any window is close to
 * the share without randomness. Pure.
 */
public record FailurePlan(double share) {
    public FailurePlan {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
            throw new IllegalArgumentException("failure share must be within 0..1, was " + share);
        }
    }

    /** Whether request number {@code n} (1-based) fails. */
    public boolean fails(long n) {
        return Math.floor(n * share) > Math.floor((n - 1) * share);
    }
}
