package dev.sluice.controller.rollout;

/**
 * Which Rollout: namespace, name, uid (tells a recreated rollout apart), the spec generation, and how many finished
 * AnalysisRuns analysis-svc keeps for it ({@code spec.analysis.*RunHistoryLimit}, null = 5 each).
 */
public record RolloutRef(String namespace, String name, String uid, long generation, Integer successfulRunHistoryLimit,
        Integer unsuccessfulRunHistoryLimit) {

    public RolloutRef(String namespace, String name, String uid, long generation) {
        this(namespace, name, uid, generation, null, null);
    }

    /** {@code namespace/name}: the Kafka key and CloudEvents subject. */
    public String id() {
        return namespace + "/" + name;
    }
}
