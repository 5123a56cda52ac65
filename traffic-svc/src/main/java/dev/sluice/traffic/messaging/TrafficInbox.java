package dev.sluice.traffic.messaging;

import dev.sluice.common.messaging.EventIntake;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.common.messaging.InvalidEventException;
import dev.sluice.events.EventType;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Routers;
import dev.sluice.traffic.router.TrafficRouter;
import dev.sluice.traffic.shift.ShiftOutcome;
import dev.sluice.traffic.shift.ShiftValidation;
import dev.sluice.traffic.shift.TrafficShifter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The traffic service's Kafka input: {@code traffic.shift.requested} from {@code sluice.rollout.steps}; every
 * other step event is acknowledged and ignored. A request is applied on a worker thread (Kubernetes calls
 * block), one record at a time per channel, so a rollout's shifts keep their order; the record is acked after
 * {@code traffic.shifted} or {@code traffic.shift.failed} is on the broker. An invalid request is answered with
 * {@code traffic.shift.failed} (retryable false, every violation in the reason) and dead-lettered with the same reason.
 */
@ApplicationScoped
public class TrafficInbox {
    private static final Logger LOG = Logger.getLogger(TrafficInbox.class);

    @Inject
    EventIntake intake;

    @Inject
    EventPublisher publisher;

    @Inject
    TrafficShifter shifter;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Incoming("traffic-steps")
    public CompletionStage<Void> onTrafficSteps(Message<byte[]> message) {
        return intake.acceptInLanes("traffic-steps", message, Set.of(EventType.TRAFFIC_SHIFT_REQUESTED), this::handle);
    }

    CompletionStage<Void> handle(InboundEvent event) {
        if (!(event.data() instanceof TrafficShiftRequested request)) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> violations = ShiftValidation.violations(request);
        if (!violations.isEmpty()) {
            // answered, so the controller never waits for it, and dead-lettered with the same reason
            String reason = "invalid request: " + String.join("; ", violations);
            InvalidEventException invalid = new InvalidEventException("invalid traffic.shift.requested for " + request.rolloutId()
                    + " sequence " + request.sequence() + ": " + String.join("; ", violations));
            registry.counter("sluice.traffic.shifts", "outcome", "invalid").increment();
            return publisher.publish(new TrafficShiftFailed(request.rolloutId(), request.rolloutUid(), request.revision(),
                    request.stepIndex(), request.sequence(), clock.instant(), request.canaryWeight(), routers(request), null, reason,
                    false)).thenCompose(sent -> CompletableFuture.<Void>failedFuture(invalid));
        }
        long started = System.nanoTime();
        ShiftOutcome outcome = shifter.shift(Desired.of(request), request.rolloutUid(), request.sequence());
        long took = System.nanoTime() - started;
        registry.timer("sluice.traffic.shift.duration").record(took, TimeUnit.NANOSECONDS);
        if (event.emittedAt() != null) {
            LOG.debugf("%s sequence %d: received %d ms after it was emitted, shifted in %d ms", request.rolloutId(),
                    request.sequence(), Duration.between(event.emittedAt(), clock.instant()).toMillis() - took / 1_000_000,
                    took / 1_000_000);
        }
        return report(request, outcome);
    }

    /** The routers a request names, for {@code traffic.shift.failed}; "none" when it names none traffic-svc knows. */
    static String routers(TrafficShiftRequested request) {
        if (request.routing() == null) {
            return "none";
        }
        Desired desired = Desired.of(request);
        List<String> names = Routers.all(Routers.DEFAULT_HASH_LABEL).stream().filter(r -> r.usedBy(desired)).map(TrafficRouter::name)
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (Routers.unknownPlugins(request.routing()).isPresent()) {
            names.add("plugins");
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    private CompletionStage<Void> report(TrafficShiftRequested request, ShiftOutcome outcome) {
        String rollout = request.rolloutId() + " revision " + request.revision() + " step " + request.stepIndex()
                + " sequence " + request.sequence();
        if (outcome instanceof ShiftOutcome.Applied applied) {
            LOG.infof("%s: canary weight %d%% applied to %d route(s), %d object(s) written", rollout,
                    request.canaryWeight(), applied.applied().size(), applied.writes());
            registry.counter("sluice.traffic.shifts", "outcome", "applied").increment();
            return publisher.publish(new TrafficShifted(request.rolloutId(), request.rolloutUid(), request.revision(),
                    request.stepIndex(), request.sequence(), clock.instant(), request.canaryWeight(), applied.applied()));
        }
        if (outcome instanceof ShiftOutcome.Stale stale) {
            LOG.infof("%s: ignored as stale, %s already holds sequence %d", rollout, stale.object(), stale.newest());
            registry.counter("sluice.traffic.shifts", "outcome", "stale").increment();
            return CompletableFuture.completedFuture(null);
        }
        if (outcome instanceof ShiftOutcome.Contested contested) {
            // fencing: the same sequence with another desired state came from a replica that no longer owns the rollout
            LOG.warnf("%s: refused, %s already holds sequence %d with a different desired state (a second controller replica)",
                    rollout, contested.object(), contested.sequence());
            registry.counter("sluice.traffic.shifts", "outcome", "contested").increment();
            return CompletableFuture.completedFuture(null);
        }
        ShiftOutcome.Failed failed = (ShiftOutcome.Failed) outcome;
        LOG.warnf("%s: shift to %d%% failed (%s%s): %s", rollout, request.canaryWeight(), failed.router(),
                failed.retryable() ? ", retryable" : "", failed.reason());
        registry.counter("sluice.traffic.shifts", "outcome", "failed").increment();
        return publisher.publish(new TrafficShiftFailed(request.rolloutId(), request.rolloutUid(), request.revision(),
                request.stepIndex(), request.sequence(), clock.instant(), request.canaryWeight(), failed.router(),
                failed.object(), failed.reason(), failed.retryable()));
    }
}
