package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResyncSkipTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration FULL = Duration.ofMinutes(5);
    private static final ResyncSkip.Inputs SEEN = inputs("41", false, false, "ReplicaSet/web-abc@7", "Service/web-canary@3",
            "Service/web-stable@4");

    static Stream<Arguments> verdicts() {
        ResyncSkip.Memo idle = ResyncSkip.remember(SEEN, T0, ResyncSkip.NO_TIMER, FULL);
        ResyncSkip.Memo pausing = ResyncSkip.remember(SEEN, T0, Duration.ofSeconds(45), FULL);
        return Stream.of(
                row("the first reconcile of a rollout runs in full", Optional.empty(), SEEN, T0.plusSeconds(30), false),
                row("a resync where nothing changed and no timer is set is skipped", Optional.of(idle), SEEN,
                        T0.plusSeconds(30), true),
                row("the Rollout's new resourceVersion (a spec edit, a recorded input, a status write) runs in full",
                        Optional.of(idle), inputs("42", false, false, "ReplicaSet/web-abc@7", "Service/web-canary@3",
                                "Service/web-stable@4"), T0.plusSeconds(30), false),
                row("a ReplicaSet's new resourceVersion (its pods became ready) runs in full", Optional.of(idle),
                        inputs("41", false, false, "ReplicaSet/web-abc@8", "Service/web-canary@3", "Service/web-stable@4"),
                        T0.plusSeconds(30), false),
                row("a new ReplicaSet of the rollout runs in full", Optional.of(idle),
                        inputs("41", false, false, "ReplicaSet/web-abc@7", "ReplicaSet/web-def@1", "Service/web-canary@3",
                                "Service/web-stable@4"), T0.plusSeconds(30), false),
                row("a Service edited by someone else (its selector) runs in full", Optional.of(idle),
                        inputs("41", false, false, "ReplicaSet/web-abc@7", "Service/web-canary@9", "Service/web-stable@4"),
                        T0.plusSeconds(30), false),
                row("a named Service deleted runs in full", Optional.of(idle),
                        inputs("41", false, false, "ReplicaSet/web-abc@7", "Service/web-canary@-", "Service/web-stable@4"),
                        T0.plusSeconds(30), false),
                row("a pause still running with nothing changed is skipped", Optional.of(pausing), SEEN, T0.plusSeconds(30), true),
                row("a pause whose end passed runs in full although nothing changed", Optional.of(pausing), SEEN,
                        T0.plusSeconds(45), false),
                row("a full reconcile is due after full-reconcile-every although nothing changed", Optional.of(idle), SEEN,
                        T0.plus(FULL), false),
                row("commands waiting in status always run in full", Optional.of(idle),
                        inputs("41", true, false, "ReplicaSet/web-abc@7", "Service/web-canary@3", "Service/web-stable@4"),
                        T0.plusSeconds(30), false),
                row("a rollout with canaryMetadata or stableMetadata (it reads the pods, which no cache holds) always runs in full",
                        Optional.of(ResyncSkip.remember(inputs("41", false, true, "ReplicaSet/web-abc@7"), T0,
                                ResyncSkip.NO_TIMER, FULL)),
                        inputs("41", false, true, "ReplicaSet/web-abc@7"), T0.plusSeconds(30), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void decides_whether_a_reconcile_can_be_skipped(String name, Optional<ResyncSkip.Memo> last, ResyncSkip.Inputs now,
            Instant at, boolean skip) {
        ResyncSkip.Verdict verdict = ResyncSkip.decide(last, now, at);
        assertThat(verdict.skip()).as(verdict.reason()).isEqualTo(skip);
        assertThat(verdict.reason()).isNotBlank();
    }

    @Test
    void a_memo_keeps_the_timer_the_reconcile_asked_for_and_the_next_full_reconcile() {
        ResyncSkip.Memo memo = ResyncSkip.remember(SEEN, T0, Duration.ofSeconds(12), FULL);
        assertThat(memo.timerDueAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(memo.fullDueAt()).isEqualTo(T0.plus(FULL));
        assertThat(memo.inputs()).isEqualTo(SEEN);
        assertThat(ResyncSkip.remember(SEEN, T0, ResyncSkip.NO_TIMER, FULL).timerDueAt()).isAfter(T0.plus(FULL));
    }

    private static ResyncSkip.Inputs inputs(String rv, boolean commands, boolean pods, String... objects) {
        return new ResyncSkip.Inputs(rv, commands, pods, List.of(objects));
    }

    private static Arguments row(String name, Optional<ResyncSkip.Memo> last, ResyncSkip.Inputs now, Instant at, boolean skip) {
        return Arguments.of(name, last, now, at, skip);
    }
}
