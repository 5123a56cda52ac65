package dev.sluice.controller.rollout;

import dev.sluice.events.RolloutStepEvent;
import java.time.Duration;

/**
 * What the step engine decided, for the wiring to carry out in order: Kubernetes changes first, then events
 * (each durable before the status that records it is written), then the next reconcile.
 */
public sealed interface Decision {

    /** Create (from the Rollout's template) or scale the ReplicaSet of revision {@code hash}. */
    record ScaleReplicaSet(String hash, int replicas) implements Decision {
    }

    /** Point the stable and canary Services' selectors at these revisions. */
    record PointServices(String stableHash, String canaryHash) implements Decision {
    }

    /**
     * Blue-green: point the active Service's selector at {@code activeHash} and the preview Service's at
     * {@code previewHash} (null: no preview Service). Each Service is written once, and only when it differs, so the
     * switch of production traffic is one write.
     */
    record PointBlueGreenServices(String activeHash, String previewHash) implements Decision {
    }

    /** Publish a step event; its sequence is already recorded in the new status. */
    record Publish(RolloutStepEvent event) implements Decision {
    }

    /** Reconcile again after {@code delay} (a timer derived from status). */
    record RequeueAfter(Duration delay) implements Decision {
    }
}
