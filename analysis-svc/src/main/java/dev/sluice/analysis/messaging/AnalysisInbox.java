package dev.sluice.analysis.messaging;

import dev.sluice.analysis.provider.event.CheckRegistry;
import dev.sluice.analysis.wiring.RunSupervisor;
import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The analysis service's Kafka inputs, through {@link EventIntake}: from {@code sluice.rollout.steps},
 * {@code analysis.requested}, {@code analysis.cancel.requested}, and the events that say the rollout moved on
 * ({@code rollout.aborted}, {@code rollout.completed}, {@code rollout.revision.detected} for another revision),
 * which cancel its older unfinished runs; other step types are not ours. From {@code sluice.checks},
 * external check results for the event provider. A request is acknowledged once
 * its AnalysisRun exists with its status written. Step records of one rollout are handled in order, different
 * rollouts' side by side ({@link EventIntake#acceptInLanes}), so a thousand analyses can start at once.
 */
@ApplicationScoped
public class AnalysisInbox {
    private static final Logger LOG = Logger.getLogger(AnalysisInbox.class);

    @Inject
    EventIntake intake;

    @Inject
    RunSupervisor supervisor;

    @Inject
    CheckRegistry checks;

    /** What analysis acts on from sluice.rollout.steps; other steps (each weight, each step start) are acknowledged unread. */
    private static final Set<EventType> STEPS = EnumSet.of(EventType.ANALYSIS_REQUESTED, EventType.ANALYSIS_CANCEL_REQUESTED,
            EventType.ROLLOUT_ABORTED, EventType.ROLLOUT_COMPLETED, EventType.REVISION_DETECTED);

    @Incoming("analysis-steps")
    public CompletionStage<Void> onAnalysisSteps(Message<byte[]> message) {
        return intake.acceptInLanes("analysis-steps", message, STEPS, this::handle);
    }

    @Incoming("analysis-checks")
    public CompletionStage<Void> onAnalysisChecks(Message<byte[]> message) {
        return intake.accept(message, Set.of(EventType.CHECK_COMPLETED), this::handle);
    }

    CompletionStage<Void> handle(InboundEvent event) {
        if (event.data() instanceof AnalysisRequested requested) {
            return supervisor.start(requested);
        }
        if (event.data() instanceof AnalysisCancelRequested cancel) {
            return supervisor.cancel(cancel);
        }
        if (event.data() instanceof RolloutAborted aborted) {
            return supervisor.cancelRollout(aborted.rolloutId(), aborted.sequence(), null, "rollout aborted: " + aborted.reason());
        }
        if (event.data() instanceof RolloutCompleted completed) {
            return supervisor.cancelRollout(completed.rolloutId(), completed.sequence(), null,
                    "rollout completed (" + completed.phase() + ")");
        }
        if (event.data() instanceof RevisionDetected revision) {
            return supervisor.cancelRollout(revision.rolloutId(), revision.sequence(), revision.revision(),
                    "revision " + revision.revision() + " replaced the one under analysis");
        }
        if (event.data() instanceof CheckCompleted check) {
            LOG.debugf("%s revision %s: check %s %s", check.rolloutId(), check.revision(), check.checkName(),
                    check.passed() ? "passed" : "failed");
            checks.record(check);
        }
        return CompletableFuture.completedFuture(null);
    }
}
