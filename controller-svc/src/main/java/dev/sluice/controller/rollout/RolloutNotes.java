package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.StepStarted;
import java.util.Optional;

/**
 * Which step events a person running {@code kubectl describe rollout} should see as Kubernetes Events: a new revision,
 * every step, pause, promotion, abort and completion, read from the events the engines already decided to publish
 * (nothing is derived again). Requests to other services (traffic, analysis) are not shown.
 */
public final class RolloutNotes {

    /** A Kubernetes Event's type ({@code Normal} or {@code Warning}), reason and message. */
    public record Note(String type, String reason, String message) {
    }

    /** The Progressing condition's reason while a rollback is fast-tracked, and the Event's reason. */
    public static final String ROLLBACK_WITHIN_WINDOW = "RollbackWithinWindow";

    private RolloutNotes() {
    }

    public static Optional<Note> of(RolloutStepEvent e) {
        String rev = "revision " + e.revision();
        if (e instanceof RevisionDetected d) {
            return note("Normal", "RevisionDetected", "new " + rev + (d.stableRevision() == null ? " (first revision)"
                    : " (stable is " + d.stableRevision() + ")") + ", strategy " + d.strategy());
        }
        if (e instanceof StepStarted s) {
            return note("Normal", "StepStarted", rev + " step " + s.stepIndex() + ": " + s.step());
        }
        if (e instanceof RolloutPaused p && Statuses.PAUSE_INCONCLUSIVE.equals(p.reason())) {
            String rollout = e.rolloutId().substring(e.rolloutId().indexOf('/') + 1);
            return note("Warning", "AnalysisInconclusive", rev + " paused at step " + p.stepIndex()
                    + ": the analysis was Inconclusive; " + Statuses.inconclusiveHint(rollout));
        }
        if (e instanceof RolloutPaused p) {
            return note("Normal", "RolloutPaused", rev + " paused at step " + p.stepIndex() + " (" + p.reason() + ")"
                    + (p.until() == null ? " until promoted" : " until " + p.until()));
        }
        if (e instanceof RolloutPromoted p) {
            return note("Normal", "RolloutPromoted", rev + " promoted" + (p.full() ? " (promote-full, remaining steps skipped)" : "")
                    + (p.previousRevision() == null ? "" : "; previous stable " + p.previousRevision()));
        }
        if (e instanceof RolloutAborted a) {
            return note("Warning", "RolloutAborted", rev + " aborted at step " + a.stepIndex() + ": " + a.reason());
        }
        if (e instanceof RolloutCompleted c) {
            return note("Normal", "RolloutCompleted", rev + " " + c.phase() + (c.message() == null ? "" : ": " + c.message()));
        }
        return Optional.empty();
    }

    /**
     * A fast-tracked rollback ({@code rollbackWindow}) as a Kubernetes Event, once: when this pass set the
     * {@code Progressing} condition's reason {@code RollbackWithinWindow}, with its message (which revisions, which window).
     */
    public static Optional<Note> fastTracked(RolloutStatus before, RolloutStatus after) {
        Optional<String> now = rollbackWithinWindow(after);
        if (now.isEmpty() || now.equals(rollbackWithinWindow(before))) {
            return Optional.empty();
        }
        return note("Normal", ROLLBACK_WITHIN_WINDOW, now.get());
    }

    private static Optional<String> rollbackWithinWindow(RolloutStatus s) {
        return s == null || s.conditions == null ? Optional.empty()
                : s.conditions.stream().filter(c -> Statuses.PROGRESSING.equals(c.type) && ROLLBACK_WITHIN_WINDOW.equals(c.reason))
                        .map(c -> c.message).findFirst();
    }

    private static Optional<Note> note(String type, String reason, String message) {
        return Optional.of(new Note(type, reason, message));
    }
}
