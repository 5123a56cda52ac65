package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One metric: what to measure ({@link #provider}), how often, and how to judge it. Durations are Go-style
 * ({@code 30s}, {@code 5m}, {@code 1h30m}). Defaults as in Argo: no interval and no count = measure once;
 * interval without count = until the run is cancelled; {@code failureLimit} 0 ({@code -1} = never fail on
 * failures), {@code inconclusiveLimit} 0, {@code consecutiveErrorLimit} 4.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Metric {
    public String name;
    public String interval;
    public String initialDelay;
    public Integer count;
    /** CEL over {@code result}, e.g. {@code result[0] >= 0.99}. */
    public String successCondition;
    public String failureCondition;
    public Integer failureLimit;
    public Integer inconclusiveLimit;
    public Integer consecutiveErrorLimit;
    /** Argo: the metric succeeds once this many measurements in a row succeed (0 = off). */
    public Integer consecutiveSuccessLimit;
    /** Measured and reported, never fails the run. */
    public Boolean dryRun;
    /** One provider block; the CRD keeps keys it does not list, so a provider added later needs no change here. */
    @io.fabric8.crd.generator.annotation.PreserveUnknownFields
    public MetricProviderSpec provider;
}
