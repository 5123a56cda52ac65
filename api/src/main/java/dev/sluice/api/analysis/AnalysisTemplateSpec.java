package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics to measure and the conditions that judge them. Field names follow Argo Rollouts' AnalysisTemplate,
 * so a manifest moves by changing {@code apiVersion}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisTemplateSpec {
    /** Arguments with defaults; the rollout's values override them. {@code {{args.NAME}}} in provider fields. */
    public List<Argument> args = new ArrayList<>();
    public List<Metric> metrics = new ArrayList<>();
    /** Argo's run-level dry-run list: metrics named here (or {@code *}) are measured but never fail the run. */
    public List<DryRun> dryRun;
    /** How many measurements of a metric the run status keeps (default 10). */
    public List<MeasurementRetention> measurementRetention;
}
