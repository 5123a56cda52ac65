package dev.sluice.controller.rollout;

/** What the controller observed of one ReplicaSet: its revision's hash, desired and ready/available pods. */
public record ReplicaSetFacts(String hash, int replicas, int readyReplicas, int availableReplicas) {

    public static ReplicaSetFacts absent(String hash) {
        return new ReplicaSetFacts(hash, 0, 0, 0);
    }
}
