package dev.sluice.controller.messaging;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.controller.reconcile.RolloutReconciler;
import dev.sluice.controller.reconcile.RolloutStore;
import dev.sluice.controller.rollout.InputRecorder;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShifted;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The controller's Kafka inputs (verdicts, traffic status, commands), in the order DESIGN §3 asks: the fact is
 * recorded in the Rollout's status, then the record is acknowledged, then a reconcile is triggered, which acts on
 * status. A crash between any two steps loses nothing (the record is redelivered, or the periodic reconcile finds
 * the recorded fact) and repeats nothing (recording is idempotent: sequences, run names and command ids).
 */
@ApplicationScoped
public class ControllerInbox {
    private static final Logger LOG = Logger.getLogger(ControllerInbox.class);
    private static final int RECORD_ATTEMPTS = 5;

    @Inject
    EventIntake intake;
    @Inject
    RolloutStore store;
    @Inject
    RolloutReconciler reconciler;
    @Inject
    Clock clock;

    /** Kubernetes writes are blocking: one worker keeps them off the event loop and in record order. */
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> new Thread(r, "controller-inbox"));

    @Incoming("controller-in")
    public CompletionStage<Void> onControllerIn(Message<byte[]> message) {
        AtomicReference<String> recorded = new AtomicReference<>();
        return intake.accept(message, event -> handle(event, recorded)).thenRun(() -> {
            if (recorded.get() != null) {
                reconciler.trigger(recorded.get());
            }
        });
    }

    CompletionStage<Void> handle(InboundEvent event, AtomicReference<String> recorded) {
        return CompletableFuture.runAsync(() -> {
            try {
                if (record(event)) {
                    recorded.set(event.rolloutId());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, recorder);
    }

    private boolean record(InboundEvent event) throws Exception {
        String id = event.rolloutId();
        BiFunction<Rollout, RolloutStatus, Optional<RolloutStatus>> recorder = switch (event.type()) {
            case TRAFFIC_SHIFTED -> (r, s) -> InputRecorder.shifted(s, uid(r), (TrafficShifted) event.data());
            case TRAFFIC_SHIFT_FAILED -> (r, s) -> InputRecorder.shiftFailed(s, uid(r), (TrafficShiftFailed) event.data(), clock.instant());
            case ANALYSIS_COMPLETED -> (r, s) -> InputRecorder.analysisCompleted(s, uid(r), (AnalysisCompleted) event.data());
            case COMMAND_PROMOTE, COMMAND_PROMOTE_FULL, COMMAND_ABORT, COMMAND_RETRY, COMMAND_PAUSE, COMMAND_RESUME -> {
                RolloutCommand c = (RolloutCommand) event.data();
                String command = commandName(event.type());
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
                // a write conflict or an unavailable API server: the input must not be lost, so try again
                // before giving up (a failure dead-letters the record with the reason)
                if (attempt == RECORD_ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("%s: recording %s failed (attempt %d of %d): %s", id, event.type().ceType(), attempt, RECORD_ATTEMPTS,
                        e.getMessage());
                Thread.sleep(250L << attempt);
            }
        }
    }

    /** {@code dev.sluice.command.promote-full.v1} → {@code promote-full}. */
    static String commandName(EventType type) {
        String ce = type.ceType();
        return ce.substring("dev.sluice.command.".length(), ce.length() - ".v1".length());
    }

    private static String uid(Rollout r) {
        return r.getMetadata().getUid();
    }

    void stop(@Observes ShutdownEvent event) {
        recorder.shutdown();
    }
}
