package dev.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Kafka topics and ACLs of the Strimzi overlay, compared with what the services consume and produce. Pure functions. */
final class KafkaAccess {
    private KafkaAccess() {
    }

    /** The ACL entries a service needs, as "topic NAME Operation" / "group NAME Operation". */
    static Set<String> needed(Set<String> reads, Set<String> writes, Set<String> groups) {
        Set<String> entries = new TreeSet<>();
        reads.forEach(t -> entries.addAll(List.of("topic " + t + " Describe", "topic " + t + " Read")));
        writes.forEach(t -> entries.addAll(List.of("topic " + t + " Describe", "topic " + t + " Write")));
        groups.forEach(g -> entries.add(groupEntry(g)));
        return entries;
    }

    /**
     * A group id with a per-replica suffix ({@code ${quarkus.uuid}}: every replica reads the whole topic, as
     * analysis does for external checks) needs a prefix ACL on the part before it.
     */
    static String groupEntry(String group) {
        int perReplica = group.indexOf("${");
        return perReplica < 0 ? "group " + group + " Read"
                : "group " + group.substring(0, perReplica) + " (prefix pattern) Read";
    }

    /** The ACL entries a KafkaUser grants; a non-literal pattern or a wildcard name is reported as such. */
    static Set<String> granted(JsonNode kafkaUser) {
        Set<String> entries = new TreeSet<>();
        for (JsonNode acl : kafkaUser.at("/spec/authorization/acls")) {
            JsonNode resource = acl.path("resource");
            String pattern = resource.path("patternType").asText("literal");
            String name = resource.path("name").asText();
            String prefix = resource.path("type").asText() + " " + name
                    + (pattern.equals("literal") && !name.equals("*") ? "" : " (" + pattern + " pattern)");
            acl.path("operations").forEach(op -> entries.add(prefix + " " + op.asText()));
            if (acl.has("operation")) {
                entries.add(prefix + " " + acl.path("operation").asText());
            }
        }
        return entries;
    }

    /** Missing and extra ACL entries of one user. */
    static List<String> aclProblems(JsonNode kafkaUser, Set<String> needed) {
        Set<String> granted = granted(kafkaUser);
        List<String> problems = new ArrayList<>();
        needed.stream().filter(e -> !granted.contains(e)).forEach(e -> problems.add("missing " + e));
        granted.stream().filter(e -> !needed.contains(e)).forEach(e -> problems.add("not needed " + e));
        return problems;
    }

    /** Co-partitioning: every controller input has one and the same partition count. */
    static List<String> coPartitioningProblems(Map<String, Integer> partitions, Set<String> controllerInputs) {
        List<String> problems = new ArrayList<>();
        controllerInputs.stream().filter(t -> !partitions.containsKey(t)).forEach(t -> problems.add(t + " has no KafkaTopic"));
        Set<Integer> counts = new TreeSet<>();
        controllerInputs.stream().filter(partitions::containsKey).forEach(t -> counts.add(partitions.get(t)));
        if (counts.size() > 1) {
            problems.add("the controller's inputs " + controllerInputs + " must have the same partition count, have " + counts);
        }
        return problems;
    }
}
