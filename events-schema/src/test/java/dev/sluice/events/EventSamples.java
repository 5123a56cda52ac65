package dev.sluice.events;

import dev.sluice.events.AnalysisRequested.Arg;
import dev.sluice.events.AnalysisRequested.BuiltInMetric;
import dev.sluice.events.AnalysisRequested.SecretKeyRef;
import dev.sluice.events.AnalysisRequested.TemplateRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One realistic instance per event type; the golden files are these, serialised and committed. */
final class EventSamples {
    static final String ID = "shop/checkout";
    static final String UID = "6f1c2a7e-0b7d-4c55-9d0e-3f1a2b4c5d6e";
    static final String REV = "7d9f5c6b8";
    static final String OLD = "5b4c3d2e1";
    static final Instant T = Instant.parse("2026-11-26T10:05:00Z");

    private EventSamples() {
    }

    static TrafficRouting routing() {
        return TrafficRouting.of(
                new TrafficRouting.Istio(List.of(new TrafficRouting.VirtualService("checkout", List.of("primary"), null, null)), null))
                .withNginx(new TrafficRouting.Nginx("checkout", null, null, Map.of()))
                .withPlugin("smi", Json.mapper().createObjectNode().put("rootService", "checkout").put("trafficSplitName", "checkout"));
    }

    static SluiceEvent of(EventType type) {
        RolloutCommand command = new RolloutCommand(ID, REV, "ci-pipeline", "smoke tests passed", T);
        return switch (type) {
            case REVISION_DETECTED -> new RevisionDetected(ID, UID, REV, 0, 1, T, OLD, "canary");
            case STEP_STARTED -> new StepStarted(ID, UID, REV, 0, 2, T, "setWeight: 20");
            case TRAFFIC_SHIFT_REQUESTED -> new TrafficShiftRequested(ID, UID, REV, 0, 3, T, 20, routing(),
                    "checkout-stable", "checkout-canary", OLD, REV, List.of(),
                    List.of(new MatchRoute("beta-users", List.of(new RouteMatch(null, null,
                            Map.of("x-canary", StringMatch.exact("beta")))))),
                    List.of(new MirrorRoute("mirror-api", List.of(new RouteMatch(StringMatch.exact("GET"),
                            StringMatch.prefix("/api"), Map.of())), 25)),
                    new SessionAffinity("sluice-canary", 3600));
            case ANALYSIS_REQUESTED -> new AnalysisRequested(ID, UID, REV, 2, 6, T, "checkout-7d9f5c6b8-2-success-rate",
                    AnalysisRequested.Kind.STEP, List.of(new TemplateRef("success-rate", false)),
                    List.of(new Arg("service", "checkout-canary", null), new Arg("api-token", null, new SecretKeyRef("prom", "token"))),
                    List.of(new BuiltInMetric("request-success-rate", 99.0, null, "1m", 1)), "istio",
                    "checkout-stable", "checkout-canary", OLD, REV, 5, 5);
            case ANALYSIS_CANCEL_REQUESTED -> new AnalysisCancelRequested(ID, UID, REV, 3, 9, T,
                    "checkout-7d9f5c6b8-2-success-rate", "rollout aborted");
            case ROLLOUT_PAUSED -> new RolloutPaused(ID, UID, REV, 1, 5, T, "CanaryPauseStep", T.plusSeconds(300));
            case ROLLOUT_PROMOTED -> new RolloutPromoted(ID, UID, REV, 4, 12, T, OLD, false);
            case ROLLOUT_ABORTED -> new RolloutAborted(ID, UID, REV, 2, 8, T,
                    "analysis checkout-7d9f5c6b8-2-success-rate failed: success-rate measured 0.91, needs >= 0.99",
                    "success-rate", "0.91", AbortCause.Analysis);
            case ZERO_DOWNTIME_FINDINGS -> new ZeroDowntimeFindings(ID, UID, REV, T, 1, 1, List.of(
                    new ZeroDowntimeFindings.Finding("pdb-present", "error", "Rollout shop/checkout", "spec.template.metadata.labels",
                            "no PodDisruptionBudget selects these pods"),
                    new ZeroDowntimeFindings.Finding("min-ready-seconds", "warning", "Rollout shop/checkout", "spec.minReadySeconds",
                            "unset: a pod that crashes right after turning ready already counted as available")));
            case ROLLOUT_COMPLETED -> new RolloutCompleted(ID, UID, REV, 4, 13, T, "Healthy", "revision 7d9f5c6b8 is stable");
            case MEASUREMENT_TAKEN -> new MeasurementTaken(ID, UID, REV, "checkout-7d9f5c6b8-2-success-rate", "success-rate", 1,
                    MeasurementPhase.Failed, "0.91", null, false, T);
            case ANALYSIS_COMPLETED -> new AnalysisCompleted(ID, UID, REV, "checkout-7d9f5c6b8-2-success-rate", 6,
                    AnalysisPhase.Failed, "success-rate", "0.91", "success-rate measured 0.91, needs >= 0.99", T);
            case TRAFFIC_SHIFTED -> new TrafficShifted(ID, UID, REV, 0, 3, T, 20,
                    List.of(new AppliedRoute("istio", "VirtualService", "shop", "checkout", "primary", 20, "48213")));
            case TRAFFIC_SHIFT_FAILED -> new TrafficShiftFailed(ID, UID, REV, 0, 3, T, 20, "istio",
                    "VirtualService shop/checkout", "route 'primary' not found; routes are: [default]", false);
            case COMMAND_PROMOTE, COMMAND_PROMOTE_FULL, COMMAND_ABORT, COMMAND_RETRY, COMMAND_PAUSE, COMMAND_RESUME -> command;
            case CHECK_COMPLETED -> new CheckCompleted(ID, REV, "smoke-tests", true, 42.0, "42 of 42 passed", T);
        };
    }
}
