package dev.sluice.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutStatus;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of a rollout's conditions the page shows as trouble. */
class RolloutPageProblemsTest {

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("an Inconclusive pause is no trouble (Ready False, Reconciling True, Stalled False)",
                        List.of(c("Ready", "False"), c("Reconciling", "True"), c("Stalled", "False"), c("InconclusiveAnalysis", "True"),
                                c("Available", "True"), c("Progressing", "True")), List.of()),
                Arguments.of("a stalled rollout is", List.of(c("Ready", "False"), c("Stalled", "True")), List.of("Stalled")),
                Arguments.of("an invalid spec is", List.of(c("InvalidSpec", "True"), c("Stalled", "True")), List.of("InvalidSpec", "Stalled")),
                Arguments.of("a failed shift, a dropped command and a failed reconcile are",
                        List.of(c("TrafficShiftFailed", "True"), c("CommandDropped", "True"), c("ReconcileError", "True")),
                        List.of("TrafficShiftFailed", "CommandDropped", "ReconcileError")),
                Arguments.of("an aborted rollout's Progressing False is", List.of(c("Progressing", "False"), c("Available", "True")),
                        List.of("Progressing")),
                Arguments.of("zero-downtime findings (False) are; none (True) are not", List.of(c("ZeroDowntime", "False")),
                        List.of("ZeroDowntime")),
                Arguments.of("a restart waiting for a PodDisruptionBudget is progress, not trouble", List.of(c("Restarting", "True")),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void shows_only_conditions_that_mean_trouble(String sentence, List<RolloutStatus.Condition> conditions, List<String> shown) {
        assertThat(RolloutPage.problems(conditions)).extracting(c -> c.type).containsExactlyElementsOf(shown);
    }

    private static RolloutStatus.Condition c(String type, String status) {
        RolloutStatus.Condition c = new RolloutStatus.Condition();
        c.type = type;
        c.status = status;
        c.reason = type + status;
        return c;
    }
}
