package dev.sluice.controller.rollout.bluegreen;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.RolloutRef;
import java.time.Instant;
import java.util.List;

/**
 * Everything one blue-green decision is made from: the plan, the status (Kafka inputs already recorded in it), the
 * hash of the pod template now declared, what the ReplicaSets look like, and the time.
 */
public record BlueGreenInput(RolloutRef rollout, BlueGreenPlan plan, String templateHash, List<ReplicaSetFacts> replicaSets,
        RolloutStatus status, Instant now) {
}
