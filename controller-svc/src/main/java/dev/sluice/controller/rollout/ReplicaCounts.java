package dev.sluice.controller.rollout;

/** Desired pods for the canary and the stable ReplicaSet. */
public record ReplicaCounts(int canary, int stable) {
}
