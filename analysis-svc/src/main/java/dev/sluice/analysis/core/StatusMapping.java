package dev.sluice.analysis.core;

import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.MeasurementPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between the run's Kubernetes status (the source of truth) and the core's values. */
public final class StatusMapping {
    private StatusMapping() {
    }

    public static Map<String, MetricProgress> progress(AnalysisRunStatus status) {
        Map<String, MetricProgress> out = new LinkedHashMap<>();
        if (status == null || status.metricResults == null) {
            return out;
        }
        for (AnalysisRunStatus.MetricResult r : status.metricResults) {
            List<Measurement> ms = new ArrayList<>();
            for (AnalysisRunStatus.Measurement m : r.measurements == null ? List.<AnalysisRunStatus.Measurement>of() : r.measurements) {
                ms.add(new Measurement(m.index, measurementPhase(m.phase), m.value, m.message, instant(m.startedAt),
                        instant(m.finishedAt)));
            }
            out.put(r.name, new MetricProgress(r.name, r.count, r.successful, r.failed, r.inconclusive, r.error,
                    r.consecutiveError, r.measured, ms, r.consecutiveSuccess == null ? 0 : r.consecutiveSuccess));
        }
        return out;
    }

    /** A stored run's phase: Pending before it has one, Error for a value this version does not know (never an exception). */
    public static AnalysisPhase runPhase(AnalysisRunStatus status) {
        if (status == null || status.phase == null) {
            return AnalysisPhase.Pending;
        }
        for (AnalysisPhase p : AnalysisPhase.values()) {
            if (p.name().equals(status.phase)) {
                return p;
            }
        }
        return AnalysisPhase.Error;
    }

    /** A stored measurement's phase; Error for a value this version does not know (never an exception). */
    static MeasurementPhase measurementPhase(String stored) {
        for (MeasurementPhase p : MeasurementPhase.values()) {
            if (p.name().equals(stored)) {
                return p;
            }
        }
        return MeasurementPhase.Error;
    }

    /** The status's metric results for these specs and their progress. */
    public static List<AnalysisRunStatus.MetricResult> results(List<MetricSpec> specs, Map<String, MetricProgress> progress,
            boolean terminating) {
        List<AnalysisRunStatus.MetricResult> out = new ArrayList<>();
        for (MetricSpec spec : specs) {
            MetricProgress p = progress.getOrDefault(spec.name(), MetricProgress.none(spec.name()));
            RunAssessment.MetricVerdict v = RunAssessment.assessMetric(spec, p, terminating);
            AnalysisRunStatus.MetricResult r = new AnalysisRunStatus.MetricResult();
            r.name = spec.name();
            r.phase = v.phase().name();
            r.message = v.message();
            r.dryRun = spec.dryRun() ? Boolean.TRUE : null;
            r.count = p.count();
            r.successful = p.successful();
            r.failed = p.failed();
            r.inconclusive = p.inconclusive();
            r.error = p.error();
            r.consecutiveError = p.consecutiveError();
            r.consecutiveSuccess = spec.consecutiveSuccessLimit() > 0 ? p.consecutiveSuccess() : null;
            r.measured = p.measured();
            for (Measurement m : p.measurements()) {
                AnalysisRunStatus.Measurement sm = new AnalysisRunStatus.Measurement();
                sm.index = m.index();
                sm.phase = m.phase().name();
                sm.value = m.value();
                sm.message = m.message();
                sm.startedAt = m.startedAt() == null ? null : m.startedAt().toString();
                sm.finishedAt = m.finishedAt() == null ? null : m.finishedAt().toString();
                r.measurements.add(sm);
            }
            out.add(r);
        }
        return out;
    }

    /**
     * Since when an external result counts for a run: the controller's request (a pipeline may answer as soon as it
     * sees it, before analysis-svc has started the run), or the run's start for a run that does not say when it was
     * requested (created before Sluice recorded that) or that was requested later than it says it started.
     */
    public static Instant reportedSince(String requestedAt, Instant startedAt) {
        Instant requested = instant(requestedAt);
        return requested != null && (startedAt == null || requested.isBefore(startedAt)) ? requested : startedAt;
    }

    public static Instant instant(String text) {
        return text == null || text.isBlank() ? null : Instant.parse(text);
    }
}
