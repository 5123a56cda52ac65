package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.cli.Fixtures;
import dev.sluice.cli.Golden;
import dev.sluice.cli.render.RolloutTreeTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pause on an Inconclusive analysis reads as such in {@code status} (the CI gate: a transition with the hint, still
 * waiting) and {@code list rollouts}, whether the controller shows it as a pause condition or as a status condition.
 */
class InconclusivePauseTest {
    private static final String HINT = "analysis was inconclusive: `kubectl sluice promote web` to accept it, `kubectl sluice abort web` to roll back";

    static Stream<Arguments> gate() {
        return Stream.of(
                Arguments.of("an inconclusive pause condition waits and prints the hint", "Paused",
                        (Consumer<RolloutStatus>) s -> s.pauseConditions.add(RolloutTreeTest.pause("InconclusiveAnalysis")),
                        StatusGate.Verdict.WAITING, "Paused (InconclusiveAnalysis) - step 2/4 - weight 40 - " + HINT),
                Arguments.of("an inconclusive status condition alone waits and prints the hint", "Paused",
                        (Consumer<RolloutStatus>) s -> s.conditions.add(RolloutTreeTest.inconclusiveCondition("web")),
                        StatusGate.Verdict.WAITING, "Paused (InconclusiveAnalysis) - step 2/4 - weight 40 - " + HINT),
                Arguments.of("a pause step is an ordinary pause without a hint", "Paused",
                        (Consumer<RolloutStatus>) s -> s.pauseConditions.add(RolloutTreeTest.pause("CanaryPauseStep")),
                        StatusGate.Verdict.WAITING, "Paused - step 2/4 - weight 40"),
                Arguments.of("a False inconclusive condition left after promote is no longer inconclusive", "Progressing",
                        (Consumer<RolloutStatus>) s -> {
                            RolloutStatus.Condition c = RolloutTreeTest.inconclusiveCondition("web");
                            c.status = "False";
                            s.conditions.add(c);
                        },
                        StatusGate.Verdict.WAITING, "Progressing - step 2/4 - weight 40"),
                Arguments.of("a stale inconclusive condition on a Degraded rollout still fails the gate", "Degraded",
                        (Consumer<RolloutStatus>) s -> s.conditions.add(RolloutTreeTest.inconclusiveCondition("web")),
                        StatusGate.Verdict.DEGRADED, "Degraded - step 2/4 - weight 40"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gate")
    void the_status_gate(String sentence, String phase, Consumer<RolloutStatus> change, StatusGate.Verdict verdict, String line) {
        Rollout r = rollout("web", phase);
        change.accept(r.getStatus());
        assertThat(StatusGate.verdict(r)).isEqualTo(verdict);
        assertThat(StatusGate.line(r)).isEqualTo(line);
    }

    @Test
    void list_rollouts_marks_the_inconclusive_pause_and_says_how_to_resolve_it() throws IOException {
        Rollout inconclusive = rollout("web", "Paused");
        inconclusive.getStatus().conditions.add(RolloutTreeTest.inconclusiveCondition("web"));
        Rollout paused = rollout("api", "Paused");
        paused.getStatus().pauseConditions.add(RolloutTreeTest.pause("CanaryPauseStep"));
        Rollout healthy = rollout("cart", "Healthy");
        String text = ListCommand.table(List.of(paused, healthy, inconclusive), true, Fixtures.NOW);
        Golden.assertMatches(Path.of("src/test/resources/golden/list/inconclusive.txt"), text);
    }

    private static Rollout rollout(String name, String phase) {
        Rollout r = Fixtures.canary(name, 5, 4);
        RolloutStatus s = Fixtures.status(r, phase, null);
        s.currentStepIndex = 2;
        s.canary.requestedWeight = 40;
        s.canary.weight = 40;
        s.availableReplicas = 5;
        return r;
    }
}
