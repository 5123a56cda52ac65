package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.ArrayList;
import java.util.List;

/** The run's phase, why, and every retained measurement per metric. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunStatus {
    /** Pending, Running, Successful, Failed, Error or Inconclusive. */
    @PrinterColumn(name = "Phase")
    public String phase;
    @PrinterColumn(name = "Message")
    public String message;
    /** RFC 3339; measurement times are derived from it and from each metric's last measurement. */
    public String startedAt;
    public String completedAt;
    /** The metric and value that decided a terminal phase. */
    public String decidingMetric;
    public String decidingValue;
    /** True once {@code analysis.completed} was acknowledged by the broker. */
    public Boolean verdictPublished;
    public List<MetricResult> metricResults = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MetricResult {
        public String name;
        public String phase;
        public String message;
        public Boolean dryRun;
        /** Measurements that were not errors. */
        public int count;
        public int successful;
        public int failed;
        public int inconclusive;
        public int error;
        public int consecutiveError;
        /** Successful measurements in a row; kept only for a metric with a consecutiveSuccessLimit. */
        public Integer consecutiveSuccess;
        /** Total measurements taken, errors included (1-based index of the last one). */
        public int measured;
        public List<Measurement> measurements = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Measurement {
        public int index;
        public String phase;
        public String value;
        public String message;
        public String startedAt;
        public String finishedAt;
    }
}
