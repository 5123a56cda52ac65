package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.events.StepStarted;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Rollout metrics: {@code sluice_rollout_phase} (1 for the current phase per rollout), {@code sluice_rollout_weight},
 * {@code sluice_rollout_step_transitions_total}, {@code sluice_rollout_reconcile_errors_total} and
 * {@code sluice_rollout_phase_seconds} (time spent in a phase, recorded when it is left).
 *
 * <p>A rollout's series exist only while this replica owns it and it exists: {@link #retainOnly} removes the rest
 * (a deleted rollout left {@code sluice_rollout_phase{phase="Degraded"} 1} behind, and its alert fired forever; a
 * rollout that moved to another replica was reported twice).
 */
@ApplicationScoped
public class RolloutMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final Map<String, Instant> phaseSince = new ConcurrentHashMap<>();
    /** Per rollout id, the keys of {@link #gauges} and the meters registered for it. */
    private final Map<String, Set<String>> gaugeKeys = new ConcurrentHashMap<>();
    private final Map<String, Set<Meter.Id>> meters = new ConcurrentHashMap<>();

    @Inject
    public RolloutMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void observe(Rollout rollout, RolloutStatus before, RolloutStatus after, Outcome outcome) {
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName();
        String id = rollout.rolloutId();
        for (RolloutPhase phase : RolloutPhase.values()) {
            if (phase != RolloutPhase.Unknown) {
                gauge(id, "sluice.rollout.phase", Tags.of("namespace", ns, "rollout", name, "phase", phase.value()))
                        .set(phase == after.phase ? 1 : 0);
            }
        }
        gauge(id, "sluice.rollout.weight", Tags.of("namespace", ns, "rollout", name))
                .set(after.canary == null || after.canary.weight == null ? 0 : after.canary.weight);
        long steps = outcome.all(Decision.Publish.class).stream().filter(p -> p.event() instanceof StepStarted).count();
        if (steps > 0) {
            tracked(id, registry.counter("sluice.rollout.step.transitions", "namespace", ns, "rollout", name)).increment(steps);
        }
        RolloutPhase previous = before == null ? null : before.phase;
        Instant now = clock.instant();
        if (after.phase != null && !after.phase.equals(previous)) {
            Instant since = phaseSince.put(id, now);
            if (previous != null && since != null) {
                registry.timer("sluice.rollout.phase.seconds", "phase", previous.value()).record(Duration.between(since, now));
            }
        }
    }

    /** Every reconcile, owned or not: {@code sluice_controller_reconciles_total} (the resync rate shows in it). */
    public void reconciled() {
        registry.counter("sluice.controller.reconciles").increment();
    }

    /** A reconcile of an owned rollout skipped because nothing it reads changed (counted in the reconciles too). */
    public void skipped() {
        registry.counter("sluice.controller.reconciles.skipped").increment();
    }

    public void reconcileError(Rollout rollout) {
        tracked(rollout.rolloutId(), registry.counter("sluice.rollout.reconcile.errors", "namespace",
                rollout.getMetadata().getNamespace(), "rollout", rollout.getMetadata().getName())).increment();
    }

    /** Removes every series of the rollouts {@code keep} rejects (deleted, or owned by another replica now). */
    public void retainOnly(Predicate<String> keep) {
        Set<String> known = new java.util.HashSet<>(meters.keySet());
        known.addAll(phaseSince.keySet());
        known.stream().filter(keep.negate()).forEach(this::forget);
    }

    /** The rollouts this replica reports on. */
    public Set<String> reported() {
        return Set.copyOf(meters.keySet());
    }

    private void forget(String rolloutId) {
        Set<Meter.Id> ids = meters.remove(rolloutId);
        if (ids != null) {
            ids.forEach(registry::remove);
        }
        Set<String> keys = gaugeKeys.remove(rolloutId);
        if (keys != null) {
            keys.forEach(gauges::remove);
        }
        phaseSince.remove(rolloutId);
    }

    private <M extends Meter> M tracked(String rolloutId, M meter) {
        meters.computeIfAbsent(rolloutId, k -> ConcurrentHashMap.newKeySet()).add(meter.getId());
        return meter;
    }

    /** A gauge of the rollout, removed with its other series by {@link #retainOnly}. */
    public AtomicInteger gauge(String rolloutId, String name, Tags tags) {
        String key = name + tags;
        return gauges.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            tracked(rolloutId, Gauge.builder(name, value, AtomicInteger::get).tags(tags).strongReference(true).register(registry));
            gaugeKeys.computeIfAbsent(rolloutId, r -> ConcurrentHashMap.newKeySet()).add(key);
            return value;
        });
    }
}
