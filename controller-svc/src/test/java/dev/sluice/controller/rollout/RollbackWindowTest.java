package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RollbackWindowTest {
    static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    /** Revisions r1..r5 created an hour apart, r5 the stable one (Argo's docs example: 1, 2, 3, 4, 5 current). */
    static final List<ReplicaSetFacts> HISTORY = List.of(rs("r1", 1), rs("r2", 2), rs("r3", 3), rs("r4", 4), rs("r5", 5));

    static ReplicaSetFacts rs(String hash, int hour) {
        return new ReplicaSetFacts(hash, 0, 0, 0, T.plusSeconds(hour * 3600L));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("fast-tracks going back one revision within a window of 3", 3, "r4", "r5", HISTORY,
                        "rollback to revision r4 (1 revision before the stable r5) is within rollbackWindow.revisions 3"),
                row("fast-tracks going back three revisions within a window of 3", 3, "r2", "r5", HISTORY,
                        "rollback to revision r2 (3 revisions before the stable r5) is within rollbackWindow.revisions 3"),
                row("does not fast-track four revisions back with a window of 3", 3, "r1", "r5", HISTORY, null),
                row("does not fast-track without a rollbackWindow", null, "r4", "r5", HISTORY, null),
                row("does not fast-track with a window of 0", 0, "r4", "r5", HISTORY, null),
                row("does not fast-track a revision newer than the stable one", 3, "r5", "r3", HISTORY, null),
                row("does not fast-track a template whose ReplicaSet was pruned (it would be created anew)", 3, "r0", "r5", HISTORY,
                        null),
                row("does not fast-track when the ReplicaSets' ages are unknown", 3, "r4", "r5",
                        List.of(new ReplicaSetFacts("r4", 0, 0, 0), rs("r5", 5)), null),
                row("does not fast-track before there is a stable revision", 3, "r4", null, HISTORY, null),
                row("counts only ReplicaSets that still exist between the two", 2, "r1", "r5",
                        List.of(rs("r1", 1), rs("r4", 4), rs("r5", 5)),
                        "rollback to revision r1 (2 revisions before the stable r5) is within rollbackWindow.revisions 2"));
    }

    static Arguments row(String name, Integer revisions, String target, String stable, List<ReplicaSetFacts> replicaSets,
            String reason) {
        return Arguments.of(name, revisions, target, stable, replicaSets, reason);
    }

    @org.junit.jupiter.api.Test
    void a_fast_tracked_rollback_is_a_kubernetes_event_once_with_its_reason() {
        dev.sluice.api.rollout.RolloutStatus before = Statuses.copy(null);
        dev.sluice.api.rollout.RolloutStatus after = Statuses.copy(null);
        Statuses.setCondition(after, Statuses.PROGRESSING, true, RolloutNotes.ROLLBACK_WITHIN_WINDOW, "rollback to revision r4 ...", T);

        assertThat(RolloutNotes.fastTracked(before, after))
                .contains(new RolloutNotes.Note("Normal", "RollbackWithinWindow", "rollback to revision r4 ..."));
        assertThat(RolloutNotes.fastTracked(after, after)).isEmpty();
        assertThat(RolloutNotes.fastTracked(after, before)).isEmpty();
        assertThat(RolloutNotes.fastTracked(null, before)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String name, Integer revisions, String target, String stable, List<ReplicaSetFacts> replicaSets, String reason) {
        assertThat(RollbackWindow.fastTrack(revisions, target, stable, replicaSets).orElse(null)).isEqualTo(reason);
    }
}
