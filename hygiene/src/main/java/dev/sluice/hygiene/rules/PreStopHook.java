package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** A pod behind a Service waits in preStop until its endpoint is gone. */
public final class PreStopHook extends BaseRule {
    public PreStopHook() {
        super("prestop-hook", Severity.ERROR, "a preStop hook (sleep or exec) on every serving container of a pod behind a Service",
                "Endpoints and load balancers learn of a terminating pod a few seconds after it gets SIGTERM; without a "
                        + "preStop pause the app stops accepting before they stop sending, and those requests fail.",
                """
                lifecycle:
                  preStop:
                    sleep: {seconds: 5}        # Kubernetes 1.30+; or exec: {command: ["sleep", "5"]}
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        return s.servingContainers().stream().filter(c -> !c.node().path("lifecycle").hasNonNull("preStop"))
                .map(c -> finding(s, c.path() + ".lifecycle.preStop",
                        "missing: the pod stops accepting while endpoints still send it requests"))
                .toList();
    }
}
