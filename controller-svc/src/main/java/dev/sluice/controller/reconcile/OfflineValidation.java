package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.rollout.SpecValidation;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation;
import java.util.List;

/**
 * The {@code InvalidSpec} violations of a Rollout without a cluster: the same mapping ({@link SpecMapper}) and the same
 * validation ({@link SpecValidation}, {@link BlueGreenValidation}) the reconciler runs, so {@code sluice lint} says
 * exactly what the condition would. Left out: what needs the cluster (a blue-green Service's existence and ports,
 * a workloadRef Deployment's existence and, for a workloadRef without {@code replicas}, the Deployment's replicas).
 */
public final class OfflineValidation {
    private OfflineValidation() {
    }

    public static List<String> violations(Rollout rollout) {
        RolloutSpec spec = rollout.getSpec();
        if (spec == null) {
            return List.of("spec is required");
        }
        // BlueGreenRollouts.declared, without loading that CDI bean's class (its logger) outside the service
        if (spec.strategy != null && spec.strategy.blueGreen != null && spec.strategy.canary == null) {
            return BlueGreenValidation.validate(SpecMapper.definition(rollout, null), SpecMapper.blueGreen(rollout))
                    instanceof BlueGreenValidation.Invalid invalid ? invalid.violations() : List.of();
        }
        return SpecValidation.validate(SpecMapper.definition(rollout, null)) instanceof SpecValidation.Invalid invalid
                ? invalid.violations() : List.of();
    }
}
