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
 */
public record MeasurementRequest(String namespace, String metricName, JsonNode config, Instant now, Duration timeout,
        SecretReader secrets) {
}
