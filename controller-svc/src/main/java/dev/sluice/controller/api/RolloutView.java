package dev.sluice.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import java.util.List;

/**
 * A rollout as the REST API shows it: where it is, and (for one rollout) its steps and their history, and for a
 * blue-green rollout its Service selectors, timestamps and analysis runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(String namespace, String name, String phase, String message, Integer weight, Integer currentStep,
        Integer steps, String stableRevision, String currentRevision, Boolean abort, List<String> plan,
        List<RolloutStatus.StepRecord> stepHistory, List<RolloutStatus.Condition> conditions,
        List<RolloutStatus.PauseCondition> pauseConditions, RolloutStatus.CanaryStatus canary, Long sequence,
        RolloutStatus.BlueGreenStatus blueGreen) {

    static RolloutView summary(Rollout r) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return new RolloutView(r.getMetadata().getNamespace(), r.getMetadata().getName(), s.phase == null ? null : s.phase.value(), s.message,
                s.canary == null ? null : s.canary.weight, s.currentStepIndex, s.plan == null ? null : s.plan.size(),
                s.stableRS, s.currentPodHash, s.abort, null, null, null, null, null, null, null);
    }

    static RolloutView detail(Rollout r) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return new RolloutView(r.getMetadata().getNamespace(), r.getMetadata().getName(), s.phase == null ? null : s.phase.value(), s.message,
                s.canary == null ? null : s.canary.weight, s.currentStepIndex, s.plan == null ? null : s.plan.size(),
                s.stableRS, s.currentPodHash, s.abort, s.plan, s.stepHistory, s.conditions, s.pauseConditions, s.canary, s.sequence,
                s.blueGreen);
    }
}
