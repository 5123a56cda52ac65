package dev.sluice.e2e.demo;

import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.MeasurementTaken;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCommand;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import dev.sluice.events.AppliedRoute;
import dev.sluice.events.CheckCompleted;
import java.util.stream.Collectors;

/**
 * One readable line per Sluice event for the demo's live view: revision, step, weights, each measurement with
 * value and verdict, phase changes. Pure: an event in, text out.
 */
public final class ProgressView {
    private ProgressView() {
    }

    public static String describe(SluiceEvent event) {
        if (event instanceof RevisionDetected e) {
            return "new revision " + e.revision() + " detected (" + e.strategy() + "; stable is "
                    + (e.stableRevision() == null ? "none yet" : e.stableRevision()) + ")";
        }
        if (event instanceof StepStarted e) {
            return "step " + e.stepIndex() + ": " + e.step();
        }
        if (event instanceof TrafficShiftRequested e) {
            return "step " + e.stepIndex() + ": asks for " + e.canaryWeight() + "% canary / " + (100 - e.canaryWeight()) + "% stable";
        }
        if (event instanceof TrafficShifted e) {
            return "step " + e.stepIndex() + ": routers hold " + e.canaryWeight() + "% canary" + (e.applied().isEmpty() ? ""
                    : " (" + e.applied().stream().map(ProgressView::route).collect(Collectors.joining(", ")) + ")");
        }
        if (event instanceof TrafficShiftFailed e) {
            return "traffic shift FAILED: " + e;
        }
        if (event instanceof AnalysisRequested e) {
            return "step " + e.stepIndex() + ": analysis " + e.runName() + " started ("
                    + e.templates().stream().map(AnalysisRequested.TemplateRef::templateName).collect(Collectors.joining(", ")) + ")";
        }
        if (event instanceof MeasurementTaken e) {
            return "measured " + e.metricName() + " #" + e.measurementIndex() + " = " + (e.value() == null ? "no value" : e.value())
                    + "  -> " + verdict(e.phase().toString())
                    + (e.message() == null || e.message().isBlank() ? "" : " (" + e.message() + ")") + (e.dryRun() ? " [dry run]" : "");
        }
        if (event instanceof AnalysisCompleted e) {
            return "analysis " + e.runName() + " " + verdict(e.phase().toString())
                    + (e.metricName() == null ? "" : ": " + e.metricName() + " = " + e.value()) + " - " + e.message();
        }
        if (event instanceof RolloutPaused e) {
            return "paused (" + e.reason() + (e.until() == null ? ", until promoted" : ", until " + e.until()) + ")";
        }
        if (event instanceof RolloutPromoted e) {
            return "PROMOTED revision " + e.revision() + " to stable" + (e.full() ? " (promote-full)" : "")
                    + (e.previousRevision() == null ? "" : ", replacing " + e.previousRevision());
        }
        if (event instanceof RolloutAborted e) {
            return "ABORTED revision " + e.revision() + ": " + e.reason();
        }
        if (event instanceof RolloutCompleted e) {
            return "phase " + e.phase() + (e.message() == null ? "" : ": " + e.message());
        }
        if (event instanceof RolloutCommand e) {
            return "command from " + (e.requestedBy() == null ? "someone" : e.requestedBy()) + (e.reason() == null ? "" : " (" + e.reason() + ")");
        }
        if (event instanceof CheckCompleted e) {
            return "external check " + e.checkName() + (e.passed() ? " passed" : " failed");
        }
        return event.getClass().getSimpleName();
    }

    private static String route(AppliedRoute r) {
        return r.kind() + " " + r.namespace() + "/" + r.name() + (r.route() == null ? "" : "#" + r.route());
    }

    private static String verdict(String phase) {
        return switch (phase) {
            case "Successful" -> phase + " [pass]";
            case "Failed", "Error" -> phase + " [FAIL]";
            default -> phase;
        };
    }
}
