package dev.sluice.analysis.core;

import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.MeasurementPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bookkeeping rules of a run, as free functions: a metric's phase from its counters and limits, the
 * run's verdict from its metrics, and when each metric is next measured. Times come only from the run's
 * start and each metric's last measurement, so a replica that resumes a run after a restart measures at the
 * same moment the previous one would have, never twice.
 */
public final class RunAssessment {
    private RunAssessment() {
    }

    /** A metric's phase and why (Argo's {@code assessMetricStatus}). */
    public record MetricVerdict(AnalysisPhase phase, String message) {
        public boolean completed() {
            return phase.terminal();
        }
    }

    public static MetricVerdict assessMetric(MetricSpec spec, MetricProgress progress, boolean terminating) {
        if (progress.measured() == 0) {
            return terminating ? new MetricVerdict(AnalysisPhase.Successful, "cancelled before its first measurement")
                    : new MetricVerdict(AnalysisPhase.Pending, "waiting for the first measurement");
        }
        if (spec.failureLimit() >= 0 && progress.failed() > spec.failureLimit()) {
            return new MetricVerdict(AnalysisPhase.Failed, progress.failed() + " failed measurement(s) exceed failureLimit "
                    + spec.failureLimit());
        }
        if (spec.inconclusiveLimit() >= 0 && progress.inconclusive() > spec.inconclusiveLimit()) {
            return new MetricVerdict(AnalysisPhase.Inconclusive, progress.inconclusive()
                    + " inconclusive measurement(s) exceed inconclusiveLimit " + spec.inconclusiveLimit());
        }
        if (progress.consecutiveError() > spec.consecutiveErrorLimit()) {
            return new MetricVerdict(AnalysisPhase.Error, progress.consecutiveError()
                    + " consecutive errors exceed consecutiveErrorLimit " + spec.consecutiveErrorLimit());
        }
        int streak = spec.consecutiveSuccessLimit();
        if (streak > 0 && progress.consecutiveSuccess() >= streak) {
            return new MetricVerdict(AnalysisPhase.Successful, progress.consecutiveSuccess()
                    + " successful measurement(s) in a row reached consecutiveSuccessLimit " + streak);
        }
        Integer effective = spec.effectiveCount();
        if (effective != null && progress.count() >= effective && streak > 0) {
            String notReached = progress.count() + " of " + effective + " measurement(s) taken without " + streak
                    + " successful in a row (consecutiveSuccessLimit)";
            return spec.failureLimit() >= 0
                    ? new MetricVerdict(AnalysisPhase.Inconclusive, notReached + "; failureLimit " + spec.failureLimit()
                            + " not exceeded either")
                    : new MetricVerdict(AnalysisPhase.Failed, notReached);
        }
        if (effective != null && progress.count() >= effective) {
            return new MetricVerdict(AnalysisPhase.Successful, progress.count() + " of " + effective
                    + " measurement(s) taken within limits (" + progress.successful() + " successful, "
                    + progress.failed() + " failed, " + progress.inconclusive() + " inconclusive, "
                    + progress.error() + " errors)");
        }
        if (terminating) {
            return new MetricVerdict(AnalysisPhase.Successful, "cancelled after " + progress.count()
                    + " measurement(s) within limits");
        }
        return new MetricVerdict(AnalysisPhase.Running, progress.measured() + " measurement(s) so far");
    }

    /**
     * The run's verdict. A metric that is not a dry run and ends Failed, Error or Inconclusive ends the run
     * at once with the worst such phase (Failed over Error over Inconclusive). The run succeeds when every
     * metric that is not a dry run succeeded (dry-run metrics still measuring are then stopped), or, when
     * every metric is a dry run, once all of them completed. Otherwise it is still Running (empty).
     *
     * @param terminating the run was cancelled: metrics without a verdict count as Successful, as in Argo
     */
    public static Optional<Verdict> verdict(List<MetricSpec> specs, Map<String, MetricProgress> progress,
            boolean terminating, String cancelReason) {
        MetricSpec worst = null;
        MetricVerdict worstVerdict = null;
        boolean allDecided = true;
        boolean anyEnforced = false;
        List<String> dryRunNotes = new ArrayList<>();
        for (MetricSpec spec : specs) {
            MetricProgress p = progress.getOrDefault(spec.name(), MetricProgress.none(spec.name()));
            MetricVerdict v = assessMetric(spec, p, terminating);
            if (spec.dryRun()) {
                if (v.completed() && v.phase() != AnalysisPhase.Successful) {
                    dryRunNotes.add(spec.name() + " would be " + v.phase() + " (dry run)");
                }
                continue;
            }
            anyEnforced = true;
            if (!v.completed()) {
                allDecided = false;
                continue;
            }
            if (v.phase() != AnalysisPhase.Successful && (worst == null || severity(v.phase()) > severity(worstVerdict.phase()))) {
                worst = spec;
                worstVerdict = v;
            }
        }
        if (worst != null) {
            String value = lastValue(progress.get(worst.name()));
            return Optional.of(new Verdict(worstVerdict.phase(), worst.name(), value,
                    "metric '" + worst.name() + "' " + worstVerdict.phase() + ": " + worstVerdict.message()
                            + lastMessage(progress.get(worst.name())) + notes(dryRunNotes)));
        }
        if (!anyEnforced) {
            for (MetricSpec spec : specs) {
                MetricProgress p = progress.getOrDefault(spec.name(), MetricProgress.none(spec.name()));
                if (!assessMetric(spec, p, terminating).completed()) {
                    return Optional.empty();
                }
            }
        } else if (!allDecided) {
            return Optional.empty();
        }
        String message = terminating ? "cancelled (" + cancelReason + "); no metric failed"
                : "all " + specs.stream().filter(s -> !s.dryRun()).count() + " metric(s) successful";
        return Optional.of(new Verdict(AnalysisPhase.Successful, null, null, message + notes(dryRunNotes)));
    }

    /**
     * When {@code spec} is next measured, or empty when it needs no more measurements: the run's start plus
     * {@code initialDelay} for the first; after an error, the last one's end plus the error retry; otherwise
     * the last one's end plus {@code interval}.
     */
    public static Optional<Instant> nextMeasurementAt(MetricSpec spec, MetricProgress progress, Instant runStartedAt) {
        if (assessMetric(spec, progress, false).completed()) {
            return Optional.empty();
        }
        Optional<Measurement> last = progress.last();
        if (last.isEmpty()) {
            return Optional.of(spec.initialDelay() == null ? runStartedAt : runStartedAt.plus(spec.initialDelay()));
        }
        Measurement m = last.get();
        if (m.phase() == MeasurementPhase.Error) {
            return Optional.of(m.finishedAt().plus(spec.errorRetry()));
        }
        if (spec.interval() == null) {
            return Optional.empty();
        }
        return Optional.of(m.finishedAt().plus(spec.interval()));
    }

    /** The metrics due at {@code now}. */
    public static List<MetricSpec> due(List<MetricSpec> specs, Map<String, MetricProgress> progress, Instant runStartedAt,
            Instant now) {
        return specs.stream()
                .filter(s -> nextMeasurementAt(s, progress.getOrDefault(s.name(), MetricProgress.none(s.name())), runStartedAt)
                        .map(at -> !at.isAfter(now)).orElse(false))
                .toList();
    }

    /** The earliest next measurement of any metric, or empty when none is pending. */
    public static Optional<Instant> nextWakeUp(List<MetricSpec> specs, Map<String, MetricProgress> progress,
            Instant runStartedAt) {
        return specs.stream()
                .map(s -> nextMeasurementAt(s, progress.getOrDefault(s.name(), MetricProgress.none(s.name())), runStartedAt))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    private static int severity(AnalysisPhase phase) {
        return switch (phase) {
            case Failed -> 3;
            case Error -> 2;
            case Inconclusive -> 1;
            default -> 0;
        };
    }

    private static String lastValue(MetricProgress p) {
        return p == null ? null : p.last().map(Measurement::value).orElse(null);
    }

    private static String lastMessage(MetricProgress p) {
        if (p == null || p.last().isEmpty()) {
            return "";
        }
        Measurement m = p.last().get();
        return "; last measurement #" + m.index() + " " + m.phase() + (m.value() == null ? "" : " value " + m.value())
                + (m.message() == null ? "" : " (" + m.message() + ")");
    }

    private static String notes(List<String> notes) {
        return notes.isEmpty() ? "" : "; " + String.join("; ", notes);
    }
}
