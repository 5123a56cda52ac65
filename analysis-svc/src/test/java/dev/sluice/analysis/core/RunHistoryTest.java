package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.core.RunHistory.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which finished runs of a rollout are deleted (Argo's run history limits, default 5 each). */
class RunHistoryTest {

    static List<Run> runs(String phase, int from, int to) {
        List<Run> runs = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            runs.add(new Run("r" + i, phase, i, true));
        }
        return runs;
    }

    static List<Run> concat(List<Run> a, List<Run> b) {
        List<Run> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("five successful runs are all kept by default", runs("Successful", 1, 5), null, null, List.of()),
                Arguments.of("the oldest of seven successful runs go beyond the default of five", runs("Successful", 1, 7), null, null,
                        List.of("r2", "r1")),
                Arguments.of("successful and unsuccessful runs are counted apart",
                        concat(runs("Successful", 1, 3), runs("Failed", 4, 6)), 2, 2, List.of("r4", "r1")),
                Arguments.of("Error and Inconclusive count as unsuccessful",
                        List.of(new Run("e", "Error", 1, true), new Run("i", "Inconclusive", 2, true), new Run("f", "Failed", 3, true)),
                        5, 1, List.of("i", "e")),
                Arguments.of("a run still measuring is never deleted",
                        List.of(new Run("old", "Running", 1, false), new Run("new", "Successful", 2, true)), 0, 0, List.of("new")),
                Arguments.of("a finished run whose verdict is not yet published is kept",
                        List.of(new Run("unsent", "Failed", 1, false)), 0, 0, List.of()),
                Arguments.of("order comes from the request sequence, not the list order",
                        List.of(new Run("late", "Successful", 9, true), new Run("early", "Successful", 2, true)), 1, 1, List.of("early")),
                Arguments.of("a negative limit keeps nothing", runs("Successful", 1, 2), -1, null, List.of("r2", "r1")),
                Arguments.of("a limit above 50 keeps 50", runs("Successful", 1, 52), 1000, null, List.of("r2", "r1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deletes_beyond_the_limits(String rule, List<Run> runs, Integer successful, Integer unsuccessful, List<String> deleted) {
        assertThat(RunHistory.toDelete(runs, successful, unsuccessful)).containsExactlyElementsOf(deleted);
    }
}
