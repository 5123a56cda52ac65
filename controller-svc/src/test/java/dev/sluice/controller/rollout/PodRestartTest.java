package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.PodRestart.Decision;
import dev.sluice.controller.rollout.PodRestart.Done;
import dev.sluice.controller.rollout.PodRestart.Evict;
import dev.sluice.controller.rollout.PodRestart.Idle;
import dev.sluice.controller.rollout.PodRestart.PodFacts;
import dev.sluice.controller.rollout.PodRestart.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRestartTest {
    static final Instant RESTART_AT = Instant.parse("2026-12-01T06:00:00Z");
    static final Instant NOW = RESTART_AT.plusSeconds(60);
    static final Instant BEFORE = RESTART_AT.minusSeconds(3600);
    static final Instant AFTER = RESTART_AT.plusSeconds(10);

    static ReplicaSetFacts rs(String hash, int replicas, int available, Instant created) {
        return new ReplicaSetFacts(hash, replicas, available, available, created);
    }

    static PodFacts pod(String name, String hash, Instant created) {
        return new PodFacts(name, hash, created, true, false);
    }

    /** A world: restartAt and restartedAt, stable and current revision, ReplicaSets and pods, now. */
    record World(Instant restartAt, Instant restartedAt, String stable, String current, List<ReplicaSetFacts> replicaSets,
            List<PodFacts> pods, Instant now, boolean aborted) {
        World(Instant restartAt, Instant restartedAt, String stable, String current, List<ReplicaSetFacts> replicaSets,
                List<PodFacts> pods, Instant now) {
            this(restartAt, restartedAt, stable, current, replicaSets, pods, now, false);
        }

        Decision decide() {
            return PodRestart.decide(restartAt, status(stable, current, restartedAt, aborted), replicaSets, () -> pods, now);
        }
    }

    static RolloutStatus status(String stable, String current, Instant restartedAt, boolean aborted) {
        RolloutStatus s = new RolloutStatus();
        s.stableRS = stable;
        s.currentPodHash = current;
        s.restartedAt = restartedAt == null ? null : restartedAt.toString();
        s.abort = aborted ? true : null;
        return s;
    }

    static World settled(List<ReplicaSetFacts> replicaSets, List<PodFacts> pods) {
        return new World(RESTART_AT, null, "aaa", "aaa", replicaSets, pods, NOW);
    }

    static final List<ReplicaSetFacts> STABLE_3 = List.of(rs("aaa", 3, 3, BEFORE));

    static Stream<Arguments> decisions() {
        return Stream.of(
                row("does nothing without restartAt",
                        new World(null, null, "aaa", "aaa", STABLE_3, List.of(pod("p1", "aaa", BEFORE)), NOW),
                        new Idle()),
                row("does nothing once status.restartedAt reached restartAt",
                        new World(RESTART_AT, RESTART_AT, "aaa", "aaa", STABLE_3, List.of(pod("p1", "aaa", BEFORE)), NOW),
                        new Idle()),
                row("waits for a restartAt in the future, until that time",
                        new World(RESTART_AT, null, "aaa", "aaa", STABLE_3, List.of(pod("p1", "aaa", BEFORE)), RESTART_AT.minusSeconds(90)),
                        new Wait("pods created before 2026-12-01T06:00:00Z restart at that time", Duration.ofSeconds(90), true)),
                row("restarts again when restartAt moves past an earlier restartedAt",
                        new World(RESTART_AT, RESTART_AT.minusSeconds(86_400), "aaa", "aaa", List.of(rs("aaa", 1, 1, BEFORE)),
                                List.of(pod("p1", "aaa", BEFORE)), NOW),
                        evict("p1", "aaa", 1)),
                row("waits while an update is in progress",
                        new World(RESTART_AT, null, "aaa", "bbb", STABLE_3, List.of(pod("p1", "aaa", BEFORE)), NOW),
                        new Wait("restart waits: revision bbb is rolling out (pods restart once it is promoted or aborted)",
                                PodRestart.AVAILABILITY_RETRY, false)),
                row("restarts the stable pods of an aborted update, then the aborted revision's pods still kept",
                        new World(RESTART_AT, null, "aaa", "bbb", List.of(rs("aaa", 1, 1, BEFORE), rs("bbb", 1, 1, BEFORE.plusSeconds(60))),
                                List.of(pod("b1", "bbb", BEFORE.plusSeconds(60)), pod("p1", "aaa", BEFORE)), NOW, true),
                        evict("p1", "aaa", 2)),
                row("restarts the oldest pod first, one at a time",
                        settled(STABLE_3, List.of(pod("p2", "aaa", BEFORE.plusSeconds(5)), pod("p1", "aaa", BEFORE),
                                pod("p3", "aaa", AFTER))),
                        evict("p1", "aaa", 2)),
                row("waits while a pod is terminating (the evicted one is on its way out)",
                        settled(STABLE_3, List.of(new PodFacts("p1", "aaa", BEFORE, true, true), pod("p2", "aaa", BEFORE),
                                pod("p3", "aaa", AFTER))),
                        new Wait("restart waits: pod p1 is terminating", PodRestart.AVAILABILITY_RETRY, false)),
                row("waits until the ReplicaSet is fully available again before the next pod",
                        settled(List.of(rs("aaa", 3, 2, BEFORE)), List.of(pod("p2", "aaa", BEFORE), pod("p3", "aaa", AFTER),
                                new PodFacts("p4", "aaa", AFTER, false, false))),
                        new Wait("restart waits: ReplicaSet of revision aaa is not fully available (2/3 pods) before the next pod "
                                + "is restarted", PodRestart.AVAILABILITY_RETRY, false)),
                row("does not trust a ReplicaSet status that still counts a replaced pod as available",
                        settled(STABLE_3, List.of(pod("p2", "aaa", BEFORE), pod("p3", "aaa", AFTER),
                                new PodFacts("p4", "aaa", AFTER, false, false))),
                        new Wait("restart waits: ReplicaSet of revision aaa is not fully available (2/3 pods) before the next pod "
                                + "is restarted", PodRestart.AVAILABILITY_RETRY, false)),
                row("restarts the stable ReplicaSet's pods before an older one's",
                        settled(List.of(rs("old", 1, 1, BEFORE.minusSeconds(600)), rs("aaa", 2, 2, BEFORE)),
                                List.of(pod("o1", "old", BEFORE.minusSeconds(600)), pod("p1", "aaa", BEFORE), pod("p2", "aaa", AFTER))),
                        evict("p1", "aaa", 2)),
                row("ignores pods of ReplicaSets scaled to zero",
                        settled(List.of(rs("old", 0, 0, BEFORE.minusSeconds(600)), rs("aaa", 1, 1, BEFORE)),
                                List.of(new PodFacts("o1", "old", BEFORE.minusSeconds(600), false, true), pod("p1", "aaa", AFTER))),
                        new Done(RESTART_AT, "every pod was created after restartAt 2026-12-01T06:00:00Z")),
                row("is done when every pod was created after restartAt",
                        settled(STABLE_3, List.of(pod("p1", "aaa", AFTER), pod("p2", "aaa", AFTER), pod("p3", "aaa", AFTER))),
                        new Done(RESTART_AT, "every pod was created after restartAt 2026-12-01T06:00:00Z")));
    }

    static Evict evict(String pod, String hash, int remaining) {
        return new Evict(pod, hash, remaining, "restarting pod " + pod + " of revision " + hash + " (created "
                + BEFORE + ", before restartAt " + RESTART_AT + "; " + remaining + " to go)");
    }

    static Arguments row(String name, World world, Decision expected) {
        return Arguments.of(name, world, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decides(String name, World world, Decision expected) {
        assertThat(world.decide()).isEqualTo(expected);
    }

    @Test
    void reads_the_pods_only_when_a_restart_is_due() {
        List<String> reads = new ArrayList<>();
        PodRestart.decide(RESTART_AT, status("aaa", "aaa", null, false), STABLE_3, () -> {
            reads.add("read");
            return List.of();
        }, RESTART_AT.minusSeconds(1));
        PodRestart.decide(RESTART_AT, status("aaa", "aaa", RESTART_AT, false), STABLE_3, () -> {
            reads.add("read");
            return List.of();
        }, NOW);
        assertThat(reads).isEmpty();
    }

    @Test
    void a_refused_eviction_says_why_and_retries() {
        Wait wait = PodRestart.refused(evict("p1", "aaa", 2));
        assertThat(wait.reason()).isEqualTo("restart waits: eviction of pod p1 refused (429 Too Many Requests): a "
                + "PodDisruptionBudget allows no disruption now; trying again in 10s (2 pods to go)");
        assertThat(wait.retryIn()).isEqualTo(Duration.ofSeconds(10));
    }

    static Stream<Arguments> times() {
        return Stream.of(
                Arguments.of("accepts UTC with Z", "2026-12-01T06:00:00Z", RESTART_AT),
                Arguments.of("accepts an offset", "2026-12-01T07:00:00+01:00", RESTART_AT),
                Arguments.of("accepts fractions of a second", "2026-12-01T06:00:00.000Z", RESTART_AT),
                Arguments.of("rejects a time without an offset", "2026-12-01T06:00:00", null),
                Arguments.of("rejects a date alone", "2026-12-01", null),
                Arguments.of("rejects words", "now", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("times")
    void parses_rfc_3339(String name, String value, Instant expected) {
        assertThat(PodRestart.parse(value).orElse(null)).isEqualTo(expected);
    }
}
