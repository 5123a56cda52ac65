package dev.sluice.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.List;

/**
 * The zero-downtime rules (module {@code hygiene}, {@code sluice lint --list-rules}) find problems in a Rollout's
 * workload: its pod template and the PodDisruptionBudgets, HPAs and Services around it. Published by the controller
 * when the findings of a rollout change to a non-empty set (the same set is not published again), together with the
 * Rollout's {@code ZeroDowntime} condition. Information: the rollout goes on either way.
 */
public record ZeroDowntimeFindings(
        @NotBlank String rolloutId,
        @NotBlank String rolloutUid,
        /** The pod-template hash the findings are about; absent before the first revision is known. */
        String revision,
        @NotNull Instant time,
        @PositiveOrZero int errors,
        @PositiveOrZero int warnings,
        /** Every finding, in the lint's order: by object, errors before warnings, then by rule. */
        @NotEmpty List<@Valid @NotNull Finding> findings) implements SluiceEvent {

    public ZeroDowntimeFindings {
        findings = List.copyOf(findings);
    }

    /** One rule the workload breaks: {@code severity} is {@code error} or {@code warning}. */
    public record Finding(
            @NotBlank String rule,
            @NotBlank String severity,
            /** The object the finding is about when it is not the Rollout itself, e.g. {@code PodDisruptionBudget shop/web}. */
            @NotBlank String object,
            @NotBlank String field,
            @NotBlank String message) {
    }
}
