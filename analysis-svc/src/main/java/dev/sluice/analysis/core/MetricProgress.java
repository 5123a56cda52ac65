package dev.sluice.analysis.core;

import dev.sluice.events.MeasurementPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one metric measured so far: Argo's counters and the retained measurements (newest last).
 *
 * @param count non-error measurements (what {@code count} is compared with)
 * @param measured every measurement, errors included
 * @param consecutiveSuccess successful measurements in a row, newest last (any other phase resets it, as in Argo)
 */
public record MetricProgress(String name, int count, int successful, int failed, int inconclusive, int error,
        int consecutiveError, int measured, List<Measurement> measurements, int consecutiveSuccess) {

    /** Argo keeps the last 10 measurements of a metric unless {@code measurementRetention} says otherwise. */
    public static final int DEFAULT_RETENTION = 10;

    public MetricProgress {
        measurements = List.copyOf(measurements);
    }

    /** Progress without a consecutive-success count (a status written before it was kept). */
    public MetricProgress(String name, int count, int successful, int failed, int inconclusive, int error,
            int consecutiveError, int measured, List<Measurement> measurements) {
        this(name, count, successful, failed, inconclusive, error, consecutiveError, measured, measurements, 0);
    }

    public static MetricProgress none(String name) {
        return new MetricProgress(name, 0, 0, 0, 0, 0, 0, 0, List.of(), 0);
    }

    public Optional<Measurement> last() {
        return measurements.isEmpty() ? Optional.empty() : Optional.of(measurements.get(measurements.size() - 1));
    }

    /** The index the next measurement gets. */
    public int nextIndex() {
        return measured + 1;
    }

    /** Adds a measurement, updates the counters as Argo does (errors do not count towards {@code count}), trims to {@code retention}. */
    public MetricProgress record(Measurement m, int retention) {
        int c = count;
        int s = successful;
        int f = failed;
        int i = inconclusive;
        int e = error;
        int ce = consecutiveError;
        int cs = m.phase() == MeasurementPhase.Successful ? consecutiveSuccess + 1 : 0;
        switch (m.phase()) {
            case Successful -> {
                s++;
                c++;
                ce = 0;
            }
            case Failed -> {
                f++;
                c++;
                ce = 0;
            }
            case Inconclusive -> {
                i++;
                c++;
                ce = 0;
            }
            case Error -> {
                e++;
                ce++;
            }
        }
        List<Measurement> kept = new ArrayList<>(measurements);
        kept.add(m);
        int limit = Math.max(1, retention);
        while (kept.size() > limit) {
            kept.remove(0);
        }
        return new MetricProgress(name, c, s, f, i, e, ce, measured + 1, kept, cs);
    }

    public boolean lastWas(MeasurementPhase phase) {
        return last().map(m -> m.phase() == phase).orElse(false);
    }
}
