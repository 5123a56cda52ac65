package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** minReadySeconds is set, and shorter than the progress deadline. */
public final class MinReadySeconds extends BaseRule {
    static final int DEFAULT_PROGRESS_DEADLINE = 600;

    public MinReadySeconds() {
        super("min-ready-seconds", Severity.WARNING,
                "minReadySeconds at least 1 and below progressDeadlineSeconds (default 600)",
                "Without it a pod counts as available the moment it first turns ready, so a pod that crashes seconds "
                        + "later has already let the rollout take an old pod away; above the deadline no pod ever counts.",
                """
                spec:
                  minReadySeconds: 10
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        int min = s.spec().path("minReadySeconds").asInt(0);
        int deadline = s.spec().path("progressDeadlineSeconds").asInt(DEFAULT_PROGRESS_DEADLINE);
        if (min < 1) {
            return List.of(finding(s, "spec.minReadySeconds", "unset: a pod that crashes right after turning ready already counted as available"));
        }
        if (!s.workload().kind().equals("StatefulSet") && min >= deadline) {
            return List.of(finding(s, "spec.minReadySeconds", min + " is not below progressDeadlineSeconds " + deadline
                    + ": the rollout times out before any pod counts as available"));
        }
        return List.of();
    }
}
