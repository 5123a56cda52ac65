package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import java.time.Instant;
import java.util.List;

/**
 * Everything one decision is made from: the plan, the status (with the Kafka inputs already recorded in it),
 * the hash of the pod template now declared, what the ReplicaSets look like, and the time.
 */
public record EngineInput(RolloutRef rollout, CanaryPlan plan, String templateHash, List<ReplicaSetFacts> replicaSets,
        RolloutStatus status, Instant now) {
}
