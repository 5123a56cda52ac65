package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus.Condition;
import dev.sluice.api.rollout.RolloutStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kstatus conditions ({@code Ready}, {@code Reconciling}, {@code Stalled}) that Flux's health assessment and
 * {@code kubectl wait --for=condition=Ready} read, derived from the phase every time status is written. Pure.
 * <pre>
 * phase / state         Ready   Reconciling  Stalled
 * Healthy (current gen)  True    False        False
 * Progressing            False   True         False
 * Paused                 False   True         False   (waits for promote: Flux keeps waiting, as for any rollout in progress)
 * Degraded               False   False        True
 * InvalidSpec            False   False        True
 * older generation       False   True         False   (the spec just applied is not yet observed)
 * </pre>
 * A condition keeps its {@code lastTransitionTime} while its status stays the same (Kubernetes convention).
 */
public final class Kstatus {
    public static final List<String> TYPES = List.of("Ready", "Reconciling", "Stalled");

    private Kstatus() {
    }

    /** The status with Ready/Reconciling/Stalled set for its phase; other conditions are kept as they are. */
    public static RolloutStatus withConditions(RolloutStatus status, Long generation, Instant now) {
        boolean invalid = status.conditions != null && status.conditions.stream()
                .anyMatch(c -> "InvalidSpec".equals(c.type) && "True".equals(c.status));
        boolean observed = generation == null || status.observedGeneration == null || status.observedGeneration >= generation;
        RolloutPhase phase = status.phase == null ? RolloutPhase.Progressing : status.phase;
        String message = status.message;
        String reason;
        boolean ready = false, reconciling = false, stalled = false;
        if (invalid) {
            reason = "InvalidSpec";
            stalled = true;
        } else if (!observed) {
            reason = "NewGeneration";
            reconciling = true;
            message = "generation " + generation + " is not yet observed (status is for " + status.observedGeneration + ")";
        } else {
            reason = phase.value();
            switch (phase) {
                case Healthy -> ready = true;
                case Degraded -> stalled = true;
                default -> reconciling = true;
            }
        }
        List<Condition> next = new ArrayList<>(status.conditions == null ? List.of() : status.conditions);
        set(next, "Ready", ready, reason, message, now);
        set(next, "Reconciling", reconciling, reason, message, now);
        set(next, "Stalled", stalled, reason, message, now);
        status.conditions = next;
        return status;
    }

    private static void set(List<Condition> conditions, String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        Condition old = conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
        Condition c = new Condition();
        c.type = type;
        c.status = status;
        c.reason = reason;
        c.message = message;
        c.lastTransitionTime = old != null && status.equals(old.status) && old.lastTransitionTime != null ? old.lastTransitionTime : now.toString();
        if (old != null && Objects.equals(old.status, c.status) && Objects.equals(old.reason, c.reason) && Objects.equals(old.message, c.message)) {
            return;
        }
        if (old != null) {
            conditions.set(conditions.indexOf(old), c);
        } else {
            conditions.add(c);
        }
    }
}
