package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.ArrayList;
import java.util.List;

/** Every container requests CPU and memory. */
public final class ResourceRequests extends BaseRule {
    public ResourceRequests() {
        super("resource-requests", Severity.WARNING, "resources.requests.cpu and .memory on every container",
                "Without requests the scheduler packs pods onto nodes that cannot run them, so surge pods stay Pending or "
                        + "get evicted under pressure in the middle of a rollout.",
                """
                resources:
                  requests: {cpu: 100m, memory: 256Mi}
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        List<Finding> found = new ArrayList<>();
        for (var c : s.containers()) {
            for (String r : List.of("cpu", "memory")) {
                if (!c.node().path("resources").path("requests").hasNonNull(r)) {
                    found.add(finding(s, c.path() + ".resources.requests." + r, "missing"));
                }
            }
        }
        return found;
    }
}
