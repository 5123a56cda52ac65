package dev.sluice.api.analysis;

/** Argo's run-level dry-run entry: {@code metricName} is a metric's name or {@code *} for every metric. */
public class DryRun {
    public String metricName;

    public DryRun() {
    }

    public DryRun(String metricName) {
        this.metricName = metricName;
    }
}
