package dev.sluice.notify.decide;

import dev.sluice.events.AbortCause;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.ZeroDowntimeFindings;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which triggers an event fires. Pure. An analysis that succeeded, a run still running, and every event that is
 * not about a person-visible moment (shift requests, measurements, commands) fire none.
 */
public final class Triggers {
    private Triggers() {
    }

    public static List<Trigger> of(SluiceEvent event) {
        if (event instanceof RevisionDetected) {
            return List.of(Trigger.ROLLOUT_UPDATED);
        }
        if (event instanceof StepStarted) {
            return List.of(Trigger.STEP_STARTED);
        }
        if (event instanceof RolloutPaused) {
            return List.of(Trigger.ROLLOUT_PAUSED);
        }
        if (event instanceof RolloutPromoted) {
            return List.of(Trigger.ROLLOUT_PROMOTED);
        }
        if (event instanceof RolloutCompleted c) {
            return List.of("Degraded".equals(c.phase()) ? Trigger.ROLLOUT_DEGRADED : Trigger.ROLLOUT_COMPLETED);
        }
        if (event instanceof RolloutAborted a) {
            return a.cause() == AbortCause.ProgressDeadlineExceeded
                    ? List.of(Trigger.ROLLOUT_ABORTED, Trigger.PROGRESS_DEADLINE_EXCEEDED)
                    : List.of(Trigger.ROLLOUT_ABORTED);
        }
        if (event instanceof AnalysisCompleted a) {
            return switch (a.phase()) {
                case Failed -> List.of(Trigger.ANALYSIS_FAILED);
                case Error -> List.of(Trigger.ANALYSIS_ERROR);
                case Inconclusive -> List.of(Trigger.ANALYSIS_INCONCLUSIVE);
                default -> List.of();
            };
        }
        if (event instanceof TrafficShiftFailed) {
            return List.of(Trigger.TRAFFIC_SHIFT_FAILED);
        }
        if (event instanceof ZeroDowntimeFindings) {
            return List.of(Trigger.ZERO_DOWNTIME_FINDINGS);
        }
        return List.of();
    }

    /** The facts of {@code event} for one trigger it fired. */
    public static Notice notice(String eventId, Trigger trigger, SluiceEvent event, List<String> images, String dashboardBase) {
        String[] id = event.rolloutId().split("/", 2);
        String ns = id[0];
        String name = id.length > 1 ? id[1] : id[0];
        String dashboard = dashboardBase == null || dashboardBase.isBlank() ? null
                : dashboardBase.replaceAll("/+$", "") + "/rollouts/" + ns + "/" + name;
        Builder b = new Builder();
        if (event instanceof RolloutStepEvent e) {
            b.revision = e.revision();
            b.stepIndex = e.stepIndex();
        }
        if (event instanceof RevisionDetected e) {
            b.reason = e.stableRevision() == null ? "first revision (" + e.strategy() + ")"
                    : "replaces stable revision " + e.stableRevision() + " (" + e.strategy() + ")";
        } else if (event instanceof StepStarted e) {
            b.step = e.step();
            b.weight = weightOf(e.step());
        } else if (event instanceof RolloutPaused e) {
            b.reason = e.until() == null ? e.reason() + ", waiting for a promote" : e.reason() + " until " + e.until();
            if (INCONCLUSIVE_PAUSE.equals(e.reason())) {
                b.reason = "analysis was Inconclusive, paused until promoted or aborted: " + resolveHint(name);
            }
        } else if (event instanceof RolloutPromoted e) {
            b.reason = (e.full() ? "promote-full" : "promoted") + (e.previousRevision() == null ? ""
                    : ", replaces " + e.previousRevision());
        } else if (event instanceof RolloutCompleted e) {
            b.phase = e.phase();
            b.reason = e.message();
        } else if (event instanceof RolloutAborted e) {
            b.metric = e.metricName();
            b.value = e.measuredValue();
            b.reason = e.reason();
        } else if (event instanceof AnalysisCompleted e) {
            b.revision = e.revision();
            b.metric = e.metricName();
            b.value = e.value();
            b.phase = e.phase().name();
            b.reason = e.message();
            if (e.phase() == AnalysisPhase.Inconclusive) {
                b.reason = (e.message() == null ? "Inconclusive" : e.message()) + "; the rollout waits: " + resolveHint(name);
            }
        } else if (event instanceof TrafficShiftFailed e) {
            b.revision = e.revision();
            b.stepIndex = e.stepIndex();
            b.weight = e.canaryWeight();
            b.reason = e.reason();
        } else if (event instanceof ZeroDowntimeFindings e) {
            b.revision = e.revision();
            b.reason = findings(e);
        }
        return new Notice(eventId, trigger, ns, name, b.revision, List.copyOf(images), b.stepIndex, b.step, b.weight,
                b.metric, b.value, b.reason, b.phase, dashboard, event.time());
    }

    /** The pause reason the controller gives an Inconclusive verdict (its {@code rollout.paused} event's reason). */
    static final String INCONCLUSIVE_PAUSE = "InconclusiveAnalysis";

    /** How to resolve an Inconclusive verdict, in the controller's words (its InconclusiveAnalysis condition). */
    static String resolveHint(String rollout) {
        return "`kubectl sluice promote " + rollout + "` accepts it and continues, `kubectl sluice abort " + rollout + "` rolls back";
    }

    /** "1 error(s), 1 warning(s): error pdb-present spec.template.metadata.labels: no PodDisruptionBudget ...; ..." */
    static String findings(ZeroDowntimeFindings e) {
        String rollout = "Rollout " + e.rolloutId();
        return e.errors() + " error(s), " + e.warnings() + " warning(s): " + e.findings().stream()
                .map(f -> f.severity() + " " + f.rule() + " " + f.field() + ": " + f.message()
                        + (f.object().equals(rollout) ? "" : " (" + f.object() + ")"))
                .collect(Collectors.joining("; "));
    }

    /** {@code setWeight: 20} → 20; other steps name no weight. */
    static Integer weightOf(String step) {
        if (step != null && step.startsWith("setWeight:")) {
            try {
                return Integer.parseInt(step.substring("setWeight:".length()).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static final class Builder {
        String revision;
        Integer stepIndex;
        String step;
        Integer weight;
        String metric;
        String value;
        String reason;
        String phase;
    }
}
