package dev.sluice.controller.hygiene;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.events.ZeroDowntimeFindings;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code ZeroDowntime} condition a Rollout's findings make: True when the hygiene rules find nothing in its pod
 * template and the PodDisruptionBudgets, HPA and Services around it, else False with every finding in the message.
 * Information only: the controller rolls out either way.
 */
public record ZeroDowntimeCondition(boolean status, String reason, String message) {
    public static final String TYPE = "ZeroDowntime";

    public static ZeroDowntimeCondition of(List<Finding> findings) {
        if (findings.isEmpty()) {
            return new ZeroDowntimeCondition(true, "NoFindings", "the zero-downtime rules find nothing (sluice lint --list-rules)");
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        String reason = errors > 0 ? "Errors" : "Warnings";
        String message = errors + " error(s), " + (findings.size() - errors) + " warning(s): "
                + findings.stream().map(f -> f.severity().label() + " " + f.rule() + ": " + f.field() + ": " + f.message()
                        + (f.object().startsWith("Rollout ") ? "" : " (" + f.object() + ")"))
                        .collect(Collectors.joining("; "));
        return new ZeroDowntimeCondition(false, reason, message);
    }

    /**
     * Whether this condition is news next to the one the Rollout carries: findings (False) that differ from the
     * previous findings, or findings where there were none. The same findings again, or none, are not news.
     */
    public boolean newFindingsSince(Optional<RolloutStatus.Condition> previous) {
        return !status && previous.map(p -> !"False".equals(p.status) || !message.equals(p.message)).orElse(true);
    }

    /** The event that announces {@code findings} (not empty) for the rollout. */
    public static ZeroDowntimeFindings event(String rolloutId, String rolloutUid, String revision, Instant now, List<Finding> findings) {
        int errors = (int) findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        return new ZeroDowntimeFindings(rolloutId, rolloutUid, revision, now, errors, findings.size() - errors, findings.stream()
                .sorted(Finding.ORDER)
                .map(f -> new ZeroDowntimeFindings.Finding(f.rule(), f.severity().label(), f.object(), f.field(), f.message()))
                .toList());
    }
}
