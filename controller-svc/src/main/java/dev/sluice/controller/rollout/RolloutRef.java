package dev.sluice.controller.rollout;

/** Which Rollout: namespace, name, uid (tells a recreated rollout apart) and the spec generation. */
public record RolloutRef(String namespace, String name, String uid, long generation) {

    /** {@code namespace/name}: the Kafka key and CloudEvents subject. */
    public String id() {
        return namespace + "/" + name;
    }
}
