package dev.sluice.api.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/**
 * What the controller observed and decided: the source of truth (docs/architecture.md §3, ADR 0002). Kafka inputs are recorded here
 * first (acknowledged weight, verdicts, pending commands), and every timer is derived from a timestamp here,
 * so any replica can resume a rollout where another stopped. Timestamps are RFC 3339 strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {
    @JsonPropertyDescription("Progressing, Paused, Healthy or Degraded.")
    @SchemaFrom(type = String.class)
    public RolloutPhase phase;
    @JsonPropertyDescription("Why the rollout is in its phase, for a person.")
    public String message;
    @JsonPropertyDescription("The spec generation this status reflects.")
    public Long observedGeneration;
    @JsonPropertyDescription("Index of the current step; equals the number of steps once the revision is promoted.")
    public Integer currentStepIndex;
    @JsonPropertyDescription("When the current step started.")
    public String currentStepStartedAt;
    @JsonPropertyDescription("Pod-template hash of the revision being rolled out.")
    public String currentPodHash;
    @JsonPropertyDescription("Pod-template hash of the stable revision.")
    public String stableRS;
    @JsonPropertyDescription("The monotonic per-rollout sequence of the last step event emitted.")
    public Long sequence;
    @JsonPropertyDescription("True when the current revision was aborted; traffic returns to stable.")
    public Boolean abort;
    @JsonPropertyDescription("When the current revision was aborted.")
    public String abortedAt;
    @JsonPropertyDescription("How often the current revision was retried after an abort.")
    public Integer retryCount;
    @JsonPropertyDescription("True when a promote-full skips the remaining steps.")
    public Boolean promoteFull;
    @JsonPropertyDescription("When the revision last made progress (progressDeadlineSeconds counts from here).")
    public String lastProgressAt;
    @JsonPropertyDescription("When the previous stable ReplicaSet is scaled down after a promotion.")
    public String scaleDownAt;
    @JsonPropertyDescription("The spec.restartAt whose restart is done: every pod of the rollout was created after it.")
    public String restartedAt;
    @JsonPropertyDescription("Why the rollout is paused, one entry per reason.")
    public List<PauseCondition> pauseConditions = new ArrayList<>();
    @JsonPropertyDescription("Standard conditions: Progressing, Available, InvalidSpec, TrafficShiftFailed, CommandDropped, Restarting.")
    public List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("The canary's weights, traffic acknowledgement and analysis runs.")
    public CanaryStatus canary = new CanaryStatus();
    @JsonPropertyDescription("The blue-green switch: Service selectors, timestamps and analysis runs (blueGreen strategy only).")
    public BlueGreenStatus blueGreen;
    @JsonPropertyDescription("Commands recorded from Kafka or REST, acted on by the next reconcile.")
    public List<PendingCommand> pendingCommands = new ArrayList<>();
    @JsonPropertyDescription("CloudEvents ids of the last commands acted on, so a redelivered command changes nothing.")
    public List<String> recentCommandIds = new ArrayList<>();
    @JsonPropertyDescription("The steps the current revision follows (expanded from progression when used).")
    public List<String> plan = new ArrayList<>();
    @JsonPropertyDescription("History of the current revision's steps.")
    public List<StepRecord> stepHistory = new ArrayList<>();

    @StatusReplicas
    @JsonPropertyDescription("Total pods across this rollout's ReplicaSets.")
    public Integer replicas;
    public Integer updatedReplicas;
    public Integer readyReplicas;
    public Integer availableReplicas;
    @LabelSelector
    @JsonPropertyDescription("The pod selector as a string, for the scale subresource.")
    public String selector;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class CanaryStatus {
        @JsonPropertyDescription("The canary's traffic weight last acknowledged by the routers (or the replica ratio without routers).")
        public Integer weight;
        @JsonPropertyDescription("Weight last requested from traffic-svc.")
        public Integer requestedWeight;
        @JsonPropertyDescription("Sequence of the last traffic.shift.requested.")
        public Long requestedSequence;
        @JsonPropertyDescription("When the last traffic.shift.requested was sent (unanswered for 2 minutes, it is requested again).")
        public String requestedAt;
        @JsonPropertyDescription("Sequence of the last traffic.shifted recorded.")
        public Long acknowledgedSequence;
        @JsonPropertyDescription("Failed shift attempts for the current request.")
        public Integer shiftFailures;
        @JsonPropertyDescription("Why the last shift failed.")
        public String shiftFailureReason;
        @JsonPropertyDescription("When the failed shift is requested again.")
        public String shiftRetryAt;
        @JsonPropertyDescription("Canary replicas set by setCanaryScale, when one is in force.")
        public Integer scaleOverride;
        @JsonPropertyDescription("The analysis run of the current step.")
        public AnalysisRunStatusRef currentStepAnalysisRun;
        @JsonPropertyDescription("The background analysis run.")
        public AnalysisRunStatusRef currentBackgroundAnalysisRun;
        @JsonPropertyDescription("progression: checks of the current revision that failed so far (rolled back at threshold).")
        public Integer failedChecks;
        @JsonPropertyDescription("The header, match and mirror routes in force (setHeaderRoute, setMirrorRoute, progression.match), sent with every traffic shift; cleared at promotion and abort.")
        public List<ActiveRoute> managedRoutes;
        @JsonPropertyDescription("True when managedRoutes changed and the routers have not been asked for the new set yet.")
        public Boolean managedRoutesPending;
    }

    /** One named route in force: which step set it (its match is that step's). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ActiveRoute {
        @JsonPropertyDescription("Route name, one of trafficRouting.managedRoutes (or the A/B route of progression.match).")
        public String name;
        @JsonPropertyDescription("header (requests that match go to the canary only) or mirror (copied to the canary).")
        public String type;
        @JsonPropertyDescription("Index of the step that set it.")
        public Integer step;

        public ActiveRoute() {
        }

        public ActiveRoute(String name, String type, Integer step) {
            this.name = name;
            this.type = type;
            this.step = step;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BlueGreenStatus {
        @JsonPropertyDescription("Pod-template hash the activeService selector points at (as last written).")
        public String activeSelector;
        @JsonPropertyDescription("Pod-template hash the previewService selector points at (as last written).")
        public String previewSelector;
        @JsonPropertyDescription("When every preview pod was first available.")
        public String previewReadyAt;
        @JsonPropertyDescription("When the revision was promoted: the new ReplicaSet scales to spec.replicas before the switch.")
        public String promotedAt;
        @JsonPropertyDescription("Who or what promoted (auto promotion, autoPromotionSeconds, a command).")
        public String promotedBy;
        @JsonPropertyDescription("True when a promote command arrived before the preview was ready; it promotes as soon as it is.")
        public Boolean promotionRequested;
        @JsonPropertyDescription("When the activeService selector was switched to the new revision.")
        public String switchedAt;
        @JsonPropertyDescription("When the previous revision is scaled down after the switch (switchedAt + scaleDownDelaySeconds).")
        public String scaleDownAt;
        @JsonPropertyDescription("When an abort switched the activeService selector back to the previous revision.")
        public String switchedBackAt;
        @JsonPropertyDescription("The prePromotionAnalysis run of the current revision.")
        public AnalysisRunStatusRef prePromotionAnalysisRun;
        @JsonPropertyDescription("The postPromotionAnalysis run of the current revision.")
        public AnalysisRunStatusRef postPromotionAnalysisRun;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class AnalysisRunStatusRef {
        @JsonPropertyDescription("AnalysisRun name: <rollout>-<revision>-<request sequence>-<step|background|pre|post>, unique per request.")
        public String name;
        public Long requestSequence;
        @JsonPropertyDescription("When the run was requested (unanswered for 5 minutes, it is requested again).")
        public String requestedAt;
        @JsonPropertyDescription("When the run's last measurement was reported (each one counts as progress).")
        public String lastMeasuredAt;
        @JsonPropertyDescription("Pending until analysis.completed arrives, then its phase.")
        @SchemaFrom(type = String.class)
        public RunPhase phase;
        public String metricName;
        public String value;
        public String message;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PauseCondition {
        @JsonPropertyDescription("CanaryPauseStep, BlueGreenPause, InconclusiveAnalysis or PauseCommand.")
        public String reason;
        public String startTime;
        @JsonPropertyDescription("When the pause ends by itself; absent = until promoted or resumed.")
        public String until;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Condition {
        public String type;
        public String status;
        public String reason;
        public String message;
        public String lastTransitionTime;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PendingCommand {
        @JsonPropertyDescription("promote, promote-full, abort, retry, pause or resume.")
        @SchemaFrom(type = String.class)
        public RolloutCommandName command;
        @JsonPropertyDescription("CloudEvents id of the command, so a redelivered command is recorded once.")
        public String id;
        public String revision;
        public String requestedBy;
        public String reason;
        public String receivedAt;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class StepRecord {
        public Integer index;
        public String step;
        public String startedAt;
        public String finishedAt;
        @JsonPropertyDescription("completed, skipped, aborted or promoted.")
        public String outcome;
    }
}
