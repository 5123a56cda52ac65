package dev.sluice.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.List;

/**
 * Start an AnalysisRun named {@code runName}. Only references travel: templates by name, args by value or
 * by {@code secretKeyRef}, which analysis-svc resolves itself (secrets never travel on Kafka).
 */
public record AnalysisRequested(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        @NotBlank String revision,
        @PositiveOrZero int stepIndex,
        @PositiveOrZero long sequence,
        @NotNull Instant time,
        @NotBlank String runName,
        @NotNull Kind kind,
        @NotNull List<TemplateRef> templates,
        List<Arg> args,
        /** Flagger-style built-in metrics ({@code request-success-rate}, {@code request-duration}). */
        List<BuiltInMetric> builtInMetrics,
        /** The router whose metrics the built-in queries read: istio, nginx, gatewayAPI, traefik or app. */
        String metricsProvider,
        String stableService,
        String canaryService,
        String stableHash,
        String canaryHash,
        /** Finished Successful runs of this rollout analysis-svc keeps (Argo's {@code successfulRunHistoryLimit}; null = 5). */
        Integer successfulRunHistoryLimit,
        /** Finished Failed, Error or Inconclusive runs kept ({@code unsuccessfulRunHistoryLimit}; null = 5). */
        Integer unsuccessfulRunHistoryLimit) implements RolloutStepEvent {

    public enum Kind { STEP, BACKGROUND, PRE_PROMOTION, POST_PROMOTION }

    public record TemplateRef(@NotBlank String templateName, boolean clusterScope) {
    }

    /** An argument: a literal {@code value}, or a {@code secretKeyRef} resolved by analysis-svc. */
    public record Arg(@NotBlank String name, String value, SecretKeyRef secretKeyRef) {
    }

    public record SecretKeyRef(@NotBlank String name, @NotBlank String key) {
    }

    /** One built-in check: {@code thresholdMin} / {@code thresholdMax} bound the measured value. */
    public record BuiltInMetric(@NotBlank String name, Double thresholdMin, Double thresholdMax,
            String interval, Integer failureLimit) {
    }
}
