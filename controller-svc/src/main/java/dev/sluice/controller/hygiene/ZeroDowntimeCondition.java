package dev.sluice.controller.hygiene;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import java.util.List;
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
}
