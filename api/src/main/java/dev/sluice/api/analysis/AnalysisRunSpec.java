package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved metrics of one run: the merged templates with the rollout's args. Secret args stay as
 * {@code secretKeyRef} here and are read again by analysis-svc at each measurement; the request's identity
 * ({@code rolloutUid}, {@code revision}, {@code requestSequence}) is kept so the verdict can be published
 * after a restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunSpec {
    public List<Argument> args = new ArrayList<>();
    public List<Metric> metrics = new ArrayList<>();
    public List<DryRun> dryRun;
    public List<MeasurementRetention> measurementRetention;
    /** The rollout id {@code namespace/name} this run judges. */
    public String rollout;
    public String rolloutUid;
    public String revision;
    public Integer stepIndex;
    /** The sequence of the {@code analysis.requested} event that created the run. */
    public Long requestSequence;
    /**
     * When the controller requested the run (the {@code analysis.requested} event's time, RFC 3339): external check
     * results reported since then count, also those that arrive before analysis-svc has started the run.
     */
    public String requestedAt;
    /** STEP, BACKGROUND, PRE_PROMOTION or POST_PROMOTION. */
    public String kind;
    /** Set to stop the run (as Argo's {@code terminate}). */
    public Boolean terminate;
    public String terminateReason;
}
