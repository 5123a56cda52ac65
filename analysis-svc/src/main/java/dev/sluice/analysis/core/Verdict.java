package dev.sluice.analysis.core;

import dev.sluice.events.AnalysisPhase;

/**
 * A run's phase and what decided it.
 *
 * @param metricName the deciding metric; null when every metric succeeded
 * @param value the deciding metric's last value
 */
public record Verdict(AnalysisPhase phase, String metricName, String value, String message) {
    /** A run that ends in Error for a reason no metric decided (it cannot start, continue or be recorded). */
    public static Verdict error(String message) {
        return new Verdict(AnalysisPhase.Error, null, null, message);
    }
}
