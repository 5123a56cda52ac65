package dev.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a ServiceAccount may do according to the manifests, compared with what its service needs. Pure functions. */
final class Rbac {
    /** One permission: verb on resource (with subresource, e.g. rollouts/status) of an API group ("" = core). */
    record Triple(String group, String resource, String verb) implements Comparable<Triple> {
        boolean isWildcard() {
            return group.equals("*") || resource.equals("*") || resource.endsWith("/*") || verb.equals("*");
        }

        @Override
        public int compareTo(Triple other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
        }
    }

    /** The difference: needed but not granted, granted but not needed, and wildcard grants. */
    record Comparison(Set<Triple> missing, Set<Triple> unneeded, Set<Triple> wildcards) {
        boolean matches() {
            return missing.isEmpty() && unneeded.isEmpty() && wildcards.isEmpty();
        }
    }

    private Rbac() {
    }

    /** The triples of a deploy/rbac-needs file; a rule without a reason ("why") is refused. */
    static Set<Triple> needed(JsonNode needs) {
        Set<Triple> triples = new TreeSet<>();
        for (JsonNode rule : needs.path("rules")) {
            if (rule.path("why").asText().isBlank()) {
                throw new IllegalArgumentException("rule without a reason (why): " + rule);
            }
            for (JsonNode verb : rule.path("verbs")) {
                triples.add(new Triple(rule.path("group").asText(), rule.path("resource").asText(), verb.asText()));
            }
        }
        return triples;
    }

    /** Every triple the documents grant to the ServiceAccount, through any (Cluster)RoleBinding naming it. */
    static Set<Triple> granted(List<JsonNode> docs, String serviceAccount, String namespace) {
        List<RoleRef> refs = new ArrayList<>();
        for (JsonNode doc : docs) {
            switch (doc.path("kind").asText()) {
                case "ClusterRoleBinding" -> {
                    ClusterRoleBinding binding = (ClusterRoleBinding) TypedModel.parse(doc);
                    if (names(binding.getSubjects(), serviceAccount, namespace)) {
                        refs.add(binding.getRoleRef());
                    }
                }
                case "RoleBinding" -> {
                    RoleBinding binding = (RoleBinding) TypedModel.parse(doc);
                    if (names(binding.getSubjects(), serviceAccount, namespace)) {
                        refs.add(binding.getRoleRef());
                    }
                }
                default -> {
                }
            }
        }
        Set<Triple> triples = new TreeSet<>();
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            String name = doc.path("metadata").path("name").asText();
            if (refs.stream().noneMatch(ref -> ref.getKind().equals(kind) && ref.getName().equals(name))) {
                continue;
            }
            List<PolicyRule> rules = switch (kind) {
                case "ClusterRole" -> ((ClusterRole) TypedModel.parse(doc)).getRules();
                case "Role" -> ((Role) TypedModel.parse(doc)).getRules();
                default -> List.of();
            };
            for (PolicyRule rule : rules) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            triples.add(new Triple(group, resource, verb));
                        }
                    }
                }
            }
        }
        return triples;
    }

    static Comparison compare(Set<Triple> needed, Set<Triple> granted) {
        Set<Triple> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        Set<Triple> unneeded = new TreeSet<>(granted);
        unneeded.removeAll(needed);
        Set<Triple> wildcards = new TreeSet<>();
        granted.stream().filter(Triple::isWildcard).forEach(wildcards::add);
        unneeded.removeAll(wildcards);
        return new Comparison(missing, unneeded, wildcards);
    }

    private static boolean names(List<Subject> subjects, String serviceAccount, String namespace) {
        return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind()) && serviceAccount.equals(s.getName())
                && namespace.equals(s.getNamespace()));
    }
}
