package dev.sluice.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutPhase;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActionsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a progressing update can be promoted, aborted and paused", "Progressing", false,
                        List.of("promote", "promote-full", "abort", "pause")),
                Arguments.of("a paused update can be promoted, aborted and resumed", "Paused", false,
                        List.of("promote", "promote-full", "abort", "resume")),
                Arguments.of("a healthy rollout offers nothing", "Healthy", false, List.of()),
                Arguments.of("an aborted update can only be retried", "Degraded", true, List.of("retry")),
                Arguments.of("a degraded rollout that was not aborted offers nothing", "Degraded", false, List.of()),
                Arguments.of("a rollout never reconciled offers nothing", null, false, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void offers_the_commands_that_make_sense_in_a_phase(String name, RolloutPhase phase, boolean aborted, List<String> enabled) {
        var possible = Actions.possible(phase, aborted);
        assertThat(possible.keySet()).containsExactly(Actions.ALL);
        assertThat(possible.entrySet().stream().filter(e -> e.getValue().enabled()).map(e -> e.getKey()).toList())
                .containsExactlyElementsOf(enabled);
        assertThat(possible.values().stream().filter(p -> !p.enabled())).allSatisfy(p -> assertThat(p.why()).isNotBlank());
        assertThat(Arrays.stream(Actions.ALL).filter(a -> !enabled.contains(a))).allSatisfy(a -> assertThat(possible.get(a).enabled()).isFalse());
    }
}
