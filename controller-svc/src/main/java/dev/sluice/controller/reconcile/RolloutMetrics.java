package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.Phase;
import dev.sluice.events.StepStarted;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rollout metrics: {@code sluice_rollout_phase} (1 for the current phase per rollout), {@code sluice_rollout_weight},
 * {@code sluice_rollout_step_transitions_total}, {@code sluice_rollout_reconcile_errors_total} and
 * {@code sluice_rollout_phase_seconds} (time spent in a phase, recorded when it is left).
 */
@ApplicationScoped
public class RolloutMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final Map<String, Instant> phaseSince = new ConcurrentHashMap<>();

    @Inject
    public RolloutMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void observe(Rollout rollout, RolloutStatus before, RolloutStatus after, Outcome outcome) {
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName();
        for (Phase phase : Phase.values()) {
            gauge("sluice.rollout.phase", Tags.of("namespace", ns, "rollout", name, "phase", phase.name()))
                    .set(phase.name().equals(after.phase) ? 1 : 0);
        }
        gauge("sluice.rollout.weight", Tags.of("namespace", ns, "rollout", name))
                .set(after.canary == null || after.canary.weight == null ? 0 : after.canary.weight);
        long steps = outcome.all(Decision.Publish.class).stream().filter(p -> p.event() instanceof StepStarted).count();
        if (steps > 0) {
            registry.counter("sluice.rollout.step.transitions", "namespace", ns, "rollout", name).increment(steps);
        }
        String previous = before == null ? null : before.phase;
        String id = rollout.rolloutId();
        Instant now = clock.instant();
        if (after.phase != null && !after.phase.equals(previous)) {
            Instant since = phaseSince.put(id, now);
            if (previous != null && since != null) {
                registry.timer("sluice.rollout.phase.seconds", "phase", previous).record(Duration.between(since, now));
            }
        }
    }

    public void reconcileError(Rollout rollout) {
        registry.counter("sluice.rollout.reconcile.errors", "namespace", rollout.getMetadata().getNamespace(),
                "rollout", rollout.getMetadata().getName()).increment();
    }

    private AtomicInteger gauge(String name, Tags tags) {
        return gauges.computeIfAbsent(name + tags, k -> registry.gauge(name, tags, new AtomicInteger()));
    }
}
