package dev.sluice.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * One measurement to take.
 *
 * @param namespace the AnalysisRun's namespace: where provider Secrets are read
 * @param metricName the metric's name in the template, for messages
 * @param config the metric's provider block for this provider (e.g. the object under {@code prometheus:}),
 *        with {@code {{args.NAME}}} already substituted
 * @param now the measurement time (from the injected clock)
 * @param timeout how long the back-end may take before the measurement is an Error
 * @param secrets reads Kubernetes Secrets; values must never be logged or put in messages
 * @param run which run and rollout the measurement is for (providers that wait for events use it); may be
 *        {@link RunContext#NONE} for a dry run of a template
 */
public record MeasurementRequest(String namespace, String metricName, JsonNode config, Instant now, Duration timeout,
        SecretReader secrets, RunContext run) {

    public MeasurementRequest {
        run = run == null ? RunContext.NONE : run;
    }

    /** The request without run context (what most providers need). */
    public MeasurementRequest(String namespace, String metricName, JsonNode config, Instant now, Duration timeout,
            SecretReader secrets) {
        this(namespace, metricName, config, now, timeout, secrets, RunContext.NONE);
    }

    /**
     * @param rolloutId {@code namespace/name}
     * @param revision the pod-template hash under analysis
     * @param reportedSince external results reported before it do not count: when the controller requested the run
     *        (a pipeline may answer as soon as it sees the request, before analysis-svc has started the run)
     */
    public record RunContext(String rolloutId, String revision, String runName, Instant reportedSince) {
        public static final RunContext NONE = new RunContext(null, null, null, null);
    }
}
