package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.rollout.SpecValidation;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation the reconciler runs on a Rollout, in one place: the Kubernetes model mapped to the core's
 * definition ({@link SpecMapper}), the name and workloadRef checks, then the strategy's own validation.
 */
final class RolloutChecks {

    private RolloutChecks() {
    }

    /** A canary Rollout's plan or every violation. */
    static SpecValidation.Validated canary(Rollout rollout, Integer referencedReplicas) {
        return SpecValidation.validate(rollout.getMetadata().getName(), SpecMapper.workloadRef(rollout.getSpec()),
                SpecMapper.definition(rollout, referencedReplicas));
    }

    /** A blue-green Rollout's plan or every violation. */
    static BlueGreenValidation.Validated blueGreen(Rollout rollout, Integer referencedReplicas) {
        List<String> outer = SpecValidation.outerViolations(rollout.getMetadata().getName(), SpecMapper.workloadRef(rollout.getSpec()));
        BlueGreenValidation.Validated validated = BlueGreenValidation.validate(SpecMapper.definition(rollout, referencedReplicas),
                SpecMapper.blueGreen(rollout));
        if (outer.isEmpty()) {
            return validated;
        }
        List<String> all = new ArrayList<>(outer);
        if (validated instanceof BlueGreenValidation.Invalid invalid) {
            all.addAll(invalid.violations());
        }
        return new BlueGreenValidation.Invalid(List.copyOf(all));
    }

    /** Every violation the reconciler would report as {@code InvalidSpec}; empty for a valid Rollout. */
    static List<String> violations(Rollout rollout, Integer referencedReplicas) {
        if (BlueGreenRollouts.declared(rollout)) {
            return blueGreen(rollout, referencedReplicas) instanceof BlueGreenValidation.Invalid invalid ? invalid.violations() : List.of();
        }
        return canary(rollout, referencedReplicas) instanceof SpecValidation.Invalid invalid ? invalid.violations() : List.of();
    }
}
