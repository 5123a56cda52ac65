package dev.sluice.hygiene.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Selectors;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Two or more replicas are spread over nodes or zones. */
public final class Spread extends BaseRule {
    static final Set<String> KEYS = Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone");

    public Spread() {
        super("spread", Severity.WARNING,
                "with 2 or more replicas, a topologySpreadConstraint or podAntiAffinity over kubernetes.io/hostname or "
                        + "topology.kubernetes.io/zone that selects the pods",
                "Pods packed on one node all go when that node is drained or fails, whatever the budget says.",
                """
                topologySpreadConstraints:
                - maxSkew: 1
                  topologyKey: kubernetes.io/hostname
                  whenUnsatisfiable: ScheduleAnyway
                  labelSelector:
                    matchLabels: {app: web}
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        if (s.replicas() < 2) {
            return List.of();
        }
        Map<String, String> labels = s.podLabels();
        List<JsonNode> terms = new ArrayList<>();
        s.podSpec().path("topologySpreadConstraints").forEach(terms::add);
        JsonNode anti = s.podSpec().path("affinity").path("podAntiAffinity");
        anti.path("requiredDuringSchedulingIgnoredDuringExecution").forEach(terms::add);
        anti.path("preferredDuringSchedulingIgnoredDuringExecution").forEach(t -> terms.add(t.path("podAffinityTerm")));
        boolean spread = terms.stream().anyMatch(t -> KEYS.contains(t.path("topologyKey").asText())
                && Selectors.selects(t.path("labelSelector"), labels));
        return spread ? List.of() : List.of(finding(s, "spec.template.spec.topologySpreadConstraints",
                "nothing spreads the " + s.replicas() + " pods over nodes or zones: one node can hold them all"));
    }
}
