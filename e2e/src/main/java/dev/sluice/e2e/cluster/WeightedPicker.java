package dev.sluice.e2e.cluster;

/**
 * Picks stable or canary for each request so that over every 100 requests exactly {@code canaryPercent} go to
 * the canary (an error-diffusion accumulator, no randomness). Pure; not thread-safe.
 */
public final class WeightedPicker {
    private int accumulator;

    /** True when this request goes to the canary. */
    public boolean nextIsCanary(int canaryPercent) {
        accumulator += canaryPercent;
        if (accumulator >= 100) {
            accumulator -= 100;
            return true;
        }
        return false;
    }
}
