package dev.sluice.controller.messaging;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.common.messaging.Transience;
import dev.sluice.common.retry.Backoff;
import dev.sluice.controller.reconcile.RolloutReconciler;
import dev.sluice.controller.reconcile.RolloutStore;
import dev.sluice.controller.rollout.InputRecorder;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.EventType;
import dev.sluice.events.MeasurementTaken;
import dev.sluice.events.RolloutCommand;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShifted;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The controller's Kafka inputs (verdicts, traffic status, commands): the fact is recorded in the Rollout's status,
 * then a reconcile is triggered, which acts on status, and the record is acknowledged. One rollout's records are
 * recorded in order, different rollouts' side by side ({@link EventIntake#acceptInLanes}: Kubernetes writes block,
 * and one slow rollout must not hold up the others). A crash between any two steps loses nothing (the record is
 * redelivered, or the periodic reconcile finds the recorded fact) and repeats nothing (recording is idempotent: sequences, run names and command ids).
 */
@ApplicationScoped
public class ControllerInbox {
    private static final Logger LOG = Logger.getLogger(ControllerInbox.class);
    /** Attempts for a failure that retrying will not cure (e.g. 403, 422) before the record is dead-lettered. */
    private static final int PERMANENT_ATTEMPTS = 5;
    private static final Backoff BACKOFF = new Backoff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(30));

    @Inject
    EventIntake intake;
    @Inject
    RolloutStore store;
    @Inject
    RolloutReconciler reconciler;
    @Inject
    Clock clock;

    private volatile boolean stopping;

    /** What the controller acts on (a measurement only marks a run it waits for alive); everything else is acknowledged unread. */
    private static final Set<EventType> INPUTS = EnumSet.of(EventType.TRAFFIC_SHIFTED, EventType.TRAFFIC_SHIFT_FAILED,
            EventType.ANALYSIS_COMPLETED, EventType.MEASUREMENT_TAKEN, EventType.COMMAND_PROMOTE, EventType.COMMAND_PROMOTE_FULL, EventType.COMMAND_ABORT,
            EventType.COMMAND_RETRY, EventType.COMMAND_PAUSE, EventType.COMMAND_RESUME);

    @Incoming("controller-in")
    public CompletionStage<Void> onControllerIn(Message<byte[]> message) {
        return intake.acceptInLanes("controller-in", message, INPUTS, this::handle);
    }

    CompletionStage<Void> handle(InboundEvent event) throws Exception {
        try {
            if (record(event)) {
                reconciler.trigger(event.rolloutId());
            }
            return CompletableFuture.completedFuture(null);
        } catch (ShuttingDown e) {
            // left unacknowledged on purpose: the record is delivered again after the restart
            LOG.infof("%s: %s not recorded before shutdown; it will be redelivered", event.rolloutId(), event.type().ceType());
            return new CompletableFuture<>();
        }
    }

    private boolean record(InboundEvent event) throws Exception {
        String id = event.rolloutId();
        BiFunction<Rollout, RolloutStatus, Optional<RolloutStatus>> recorder = switch (event.type()) {
            case TRAFFIC_SHIFTED -> (r, s) -> InputRecorder.shifted(s, uid(r), (TrafficShifted) event.data());
            case TRAFFIC_SHIFT_FAILED -> (r, s) -> InputRecorder.shiftFailed(s, uid(r), (TrafficShiftFailed) event.data(), clock.instant());
            case ANALYSIS_COMPLETED -> (r, s) -> InputRecorder.analysisCompleted(s, uid(r), (AnalysisCompleted) event.data());
            case MEASUREMENT_TAKEN -> (r, s) -> InputRecorder.measured(s, uid(r), (MeasurementTaken) event.data(), clock.instant());
            case COMMAND_PROMOTE, COMMAND_PROMOTE_FULL, COMMAND_ABORT, COMMAND_RETRY, COMMAND_PAUSE, COMMAND_RESUME -> {
                RolloutCommand c = (RolloutCommand) event.data();
                RolloutCommandName command = CommandTypes.command(event.type()).orElseThrow();
                yield (r, s) -> InputRecorder.command(s, command, event.envelope().id(), c.revision(), c.requestedBy(), c.reason(),
                        clock.instant());
            }
            default -> null;
        };
        if (recorder == null) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                boolean changed = store.record(id, recorder);
                LOG.debugf("%s: %s %s", id, event.type().ceType(), changed ? "recorded" : "changed nothing");
                return changed;
            } catch (RuntimeException e) {
                // A conflict or an unavailable API server is retried for as long as it lasts: the input must not
                // be lost, and this replica cannot act on any rollout without the API server anyway. Only a
                // failure that retrying will not cure ends in the dead-letter topic, with the reason.
                boolean transientFailure = isTransient(e);
                if (!transientFailure && attempt >= PERMANENT_ATTEMPTS) {
                    throw e;
                }
                if (stopping) {
                    throw new ShuttingDown();
                }
                long backoff = BACKOFF.delayBefore(attempt).toMillis();
                LOG.warnf("%s: recording %s failed (attempt %d, %s), retrying in %d ms: %s", id, event.type().ceType(), attempt,
                        transientFailure ? "transient" : "attempt " + attempt + " of " + PERMANENT_ATTEMPTS, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) { // the lane is stopping: leave the record for redelivery
                    Thread.currentThread().interrupt();
                    throw new ShuttingDown();
                }
            }
        }
    }

    /** True for failures that go away by themselves: no connection, conflicts, throttling, server errors. */
    static boolean isTransient(Throwable failure) {
        return Transience.isTransient(failure);
    }

    /** The service is stopping while a record waits for the API server. */
    private static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("shutting down", null, false, false);
        }
    }

    private static String uid(Rollout r) {
        return r.getMetadata().getUid();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
