package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.EngineInput;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.SpecValidation;
import dev.sluice.controller.rollout.StepEngine;
import dev.sluice.controller.workload.Workloads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Wiring for {@code strategy.canary} Rollouts (and for a spec that declares both strategies, which the canary's validation
 * reports), called by {@link RolloutReconciler} under the rollout's lock: validates the spec, asks {@link StepEngine},
 * carries out its Kubernetes decisions (ReplicaSets, the stable and canary Service selectors, the pods' role metadata),
 * then publishes the events
 * and writes the new status through {@link RolloutExecution}.
 */
@ApplicationScoped
public class CanaryRollouts {
    @Inject
    Workloads workloads;
    @Inject
    OwnershipFence fence;
    @Inject
    RolloutExecution execution;
    @Inject
    Clock clock;

    /** One reconcile of a canary Rollout; returns when to reconcile again. */
    Duration reconcile(Rollout rollout, Duration resync) throws Exception {
        RolloutStatus before = rollout.getStatus();
        SpecValidation.Validated validated = RolloutChecks.canary(rollout, workloads.referencedReplicas(rollout));
        if (validated instanceof SpecValidation.Invalid invalid) {
            execution.reportInvalid(rollout, invalid.violations(), "spec");
            return resync;
        }
        Optional<RolloutExecution.Revision> found = execution.revision(rollout);
        if (found.isEmpty()) {
            return resync;
        }
        RolloutExecution.Revision revision = found.get();
        SpecValidation.Valid valid = (SpecValidation.Valid) validated;
        Outcome outcome = StepEngine.decide(new EngineInput(RolloutExecution.ref(rollout), valid.plan(), revision.hash(),
                revision.facts(), before, clock.instant()));

        for (Decision d : outcome.decisions()) {
            if (d instanceof Decision.ScaleReplicaSet scale) {
                execution.scale(rollout, revision, scale, outcome.status().stableRS);
            } else if (d instanceof Decision.PointServices point) {
                fence.check(rollout.rolloutId(), "point the Services");
                workloads.pointService(rollout, valid.plan().stableService(), point.stableHash());
                workloads.pointService(rollout, valid.plan().canaryService(), point.canaryHash());
            }
        }
        execution.syncPodRoles(rollout, revision, outcome.status());
        return execution.finish(rollout, valid.plan().replicas(), before, outcome, revision.replicaSets(),
                e -> "step " + e.stepIndex());
    }
}
