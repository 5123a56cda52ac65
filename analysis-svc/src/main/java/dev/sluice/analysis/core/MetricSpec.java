package dev.sluice.analysis.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * One metric of a run, resolved: args substituted, durations parsed, Argo's defaults applied.
 *
 * @param interval null = no repetition
 * @param count null with an interval = until the run is cancelled
 * @param failureLimit -1 = failures never fail the metric
 * @param inconclusiveLimit -1 = inconclusive measurements never end the metric
 * @param consecutiveSuccessLimit 0 = off; otherwise the metric succeeds as soon as this many measurements in a row
 *     succeed, and a metric reaching its count without that streak is Inconclusive (Failed when failureLimit is -1)
 */
public record MetricSpec(String name, Duration interval, Duration initialDelay, Integer count,
        String successCondition, String failureCondition, int failureLimit, int inconclusiveLimit,
        int consecutiveErrorLimit, boolean dryRun, String providerType, JsonNode providerConfig, int consecutiveSuccessLimit) {

    /** A metric without a consecutive-success limit. */
    public MetricSpec(String name, Duration interval, Duration initialDelay, Integer count, String successCondition,
            String failureCondition, int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit, boolean dryRun,
            String providerType, JsonNode providerConfig) {
        this(name, interval, initialDelay, count, successCondition, failureCondition, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit, dryRun, providerType, providerConfig, 0);
    }

    public static final int DEFAULT_FAILURE_LIMIT = 0;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
    /** After an error, the next try comes after this (or the interval, if shorter), as Argo does. */
    public static final Duration ERROR_RETRY = Duration.ofSeconds(10);

    /** How many non-error measurements complete the metric; null = unbounded. No interval and no count = 1. */
    public Integer effectiveCount() {
        if (count != null) {
            return count;
        }
        return interval == null ? 1 : null;
    }

    public Duration errorRetry() {
        return interval != null && interval.compareTo(ERROR_RETRY) < 0 ? interval : ERROR_RETRY;
    }
}
