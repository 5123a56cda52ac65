package dev.sluice.controller.rollout;

import dev.sluice.api.rollout.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Argo's {@code spec.restartAt}: every pod of the rollout created before that time is restarted in place — evicted
 * (so PodDisruptionBudgets are respected) and replaced by its own ReplicaSet — without a new revision. One pod at a
 * time: the next one only when every ReplicaSet with pods is fully available again and no pod of the rollout is
 * terminating. Order: the stable ReplicaSet's pods first, then other ReplicaSets oldest first, oldest pods first.
 * A restartAt in the future waits for it; nothing restarts while an update (a revision other than the stable one, not
 * aborted) is in progress; when no pod is older than restartAt, {@code status.restartedAt} becomes restartAt (Argo).
 * Pure: the pods are read only when a restart is due ({@code pods} is called at most once).
 */
public final class PodRestart {
    /** How soon to look again after an eviction was refused (429: a PodDisruptionBudget allows no disruption now). */
    public static final Duration REFUSED_RETRY = Duration.ofSeconds(10);
    /** How soon to look again while waiting for the replaced pod (ReplicaSet changes also wake the controller). */
    public static final Duration AVAILABILITY_RETRY = Duration.ofSeconds(5);

    private PodRestart() {
    }

    /** One pod of the rollout as the controller saw it. */
    public record PodFacts(String name, String hash, Instant createdAt, boolean ready, boolean terminating) {
    }

    /** What to do about restartAt now. */
    public sealed interface Decision {
    }

    /** Nothing: no restartAt, or its restart is done ({@code status.restartedAt} is not before it). */
    public record Idle() implements Decision {
    }

    /** Nothing now: why, and when to look again. {@code scheduled}: restartAt has not come yet. */
    public record Wait(String reason, Duration retryIn, boolean scheduled) implements Decision {
    }

    /** Evict this pod; {@code remaining} pods (it included) were created before restartAt. */
    public record Evict(String pod, String hash, int remaining, String reason) implements Decision {
    }

    /** Every pod was created after restartAt: record {@code restartedAt} in status. */
    public record Done(Instant restartedAt, String message) implements Decision {
    }

    /** An RFC 3339 time with its offset ({@code 2026-12-01T06:00:00Z}, {@code 2026-12-01T07:00:00+01:00}), or empty. */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The next step of the restart: {@code restartAt} from the spec (null: none), the status after this pass's engine
     * decision (restartedAt, the stable and current revision, abort), the rollout's ReplicaSets and its pods.
     */
    public static Decision decide(Instant restartAt, RolloutStatus status, Collection<ReplicaSetFacts> replicaSets,
            Supplier<List<PodFacts>> pods, Instant now) {
        Instant restartedAt = Statuses.time(status.restartedAt);
        if (restartAt == null || restartedAt != null && !restartedAt.isBefore(restartAt)) {
            return new Idle();
        }
        if (now.isBefore(restartAt)) {
            return new Wait("pods created before " + restartAt + " restart at that time", Duration.between(now, restartAt), true);
        }
        String stableHash = status.stableRS;
        if (stableHash == null || !stableHash.equals(status.currentPodHash) && !Boolean.TRUE.equals(status.abort)) {
            return new Wait("restart waits: revision " + status.currentPodHash + " is rolling out (pods restart once it is "
                    + "promoted or aborted)", AVAILABILITY_RETRY, false);
        }
        List<ReplicaSetFacts> withPods = replicaSets.stream().filter(rs -> rs.replicas() > 0)
                .sorted(Comparator.comparing((ReplicaSetFacts rs) -> !rs.hash().equals(stableHash))
                        .thenComparing(ReplicaSetFacts.NEWEST_FIRST.reversed()))
                .toList();
        List<String> hashes = withPods.stream().map(ReplicaSetFacts::hash).toList();
        List<PodFacts> all = pods.get().stream().filter(p -> hashes.contains(p.hash())).toList();
        Optional<PodFacts> terminating = all.stream().filter(PodFacts::terminating).min(Comparator.comparing(PodFacts::name));
        if (terminating.isPresent()) {
            return new Wait("restart waits: pod " + terminating.get().name() + " is terminating", AVAILABILITY_RETRY, false);
        }
        for (ReplicaSetFacts rs : withPods) {
            long ready = all.stream().filter(p -> p.hash().equals(rs.hash()) && p.ready()).count();
            int available = (int) Math.min(rs.availableReplicas(), ready);
            if (available < rs.replicas()) {
                return new Wait("restart waits: ReplicaSet of revision " + rs.hash() + " is not fully available (" + available
                        + "/" + rs.replicas() + " pods) before the next pod is restarted", AVAILABILITY_RETRY, false);
            }
        }
        List<PodFacts> old = withPods.stream()
                .flatMap(rs -> all.stream().filter(p -> p.hash().equals(rs.hash()) && p.createdAt() != null
                        && p.createdAt().isBefore(restartAt))
                        .sorted(Comparator.comparing(PodFacts::createdAt).thenComparing(PodFacts::name)))
                .toList();
        if (old.isEmpty()) {
            return new Done(restartAt, "every pod was created after restartAt " + restartAt);
        }
        PodFacts next = old.get(0);
        return new Evict(next.name(), next.hash(), old.size(), "restarting pod " + next.name() + " of revision " + next.hash()
                + " (created " + next.createdAt() + ", before restartAt " + restartAt + "; " + old.size() + " to go)");
    }

    /** The eviction of {@code evict}'s pod was refused with 429: wait and try again. */
    public static Wait refused(Evict evict) {
        return new Wait("restart waits: eviction of pod " + evict.pod() + " refused (429 Too Many Requests): a "
                + "PodDisruptionBudget allows no disruption now; trying again in " + Durations.format(REFUSED_RETRY)
                + " (" + evict.remaining() + " pods to go)", REFUSED_RETRY, false);
    }
}
