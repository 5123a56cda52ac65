package dev.sluice.api.analysis;

/** Keep the last {@code limit} measurements of {@code metricName} (or {@code *}) in the run status. */
public class MeasurementRetention {
    public String metricName;
    public int limit;

    public MeasurementRetention() {
    }

    public MeasurementRetention(String metricName, int limit) {
        this.metricName = metricName;
        this.limit = limit;
    }
}
