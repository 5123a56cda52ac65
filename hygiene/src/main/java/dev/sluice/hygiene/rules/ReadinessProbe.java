package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** Every container that takes requests has a readiness probe. */
public final class ReadinessProbe extends BaseRule {
    public ReadinessProbe() {
        super("readiness-probe", Severity.ERROR, "a readiness probe on every serving container",
                "Without one a new pod gets traffic as soon as its process starts, before the app can answer, and a rollout "
                        + "moves on to the next pod while requests fail.",
                """
                readinessProbe:
                  httpGet: {path: /ready, port: http}
                  periodSeconds: 5
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        return s.servingContainers().stream().filter(c -> !c.has("readinessProbe"))
                .map(c -> finding(s, c.path() + ".readinessProbe",
                        "missing: the container takes requests before it is ready"))
                .toList();
    }
}
