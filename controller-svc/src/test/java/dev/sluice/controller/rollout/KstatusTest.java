package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KstatusTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static Stream<Arguments> phases() {
        return Stream.of(
                Arguments.of("a healthy rollout is Ready", "Healthy", false, 3L, 3L, "True", "False", "False", "Healthy"),
                Arguments.of("a progressing rollout is Reconciling", "Progressing", false, 3L, 3L, "False", "True", "False", "Progressing"),
                Arguments.of("a paused rollout is Reconciling, not Ready (Flux waits for the promotion)", "Paused", false, 3L, 3L,
                        "False", "True", "False", "Paused"),
                Arguments.of("a degraded rollout is Stalled", "Degraded", false, 3L, 3L, "False", "False", "True", "Degraded"),
                Arguments.of("an invalid spec is Stalled whatever the phase says", "Healthy", true, 3L, 3L, "False", "False", "True", "InvalidSpec"),
                Arguments.of("a Healthy status for an older generation is not Ready yet", "Healthy", false, 4L, 3L, "False", "True", "False",
                        "NewGeneration"),
                Arguments.of("a rollout without a phase yet is Reconciling", null, false, 1L, null, "False", "True", "False", "Progressing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("phases")
    void sets_ready_reconciling_and_stalled(String sentence, RolloutPhase phase, boolean invalid, Long generation, Long observed,
            String ready, String reconciling, String stalled, String reason) {
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.observedGeneration = observed;
        if (invalid) {
            RolloutStatus.Condition c = new RolloutStatus.Condition();
            c.type = "InvalidSpec";
            c.status = "True";
            s.conditions.add(c);
        }
        RolloutStatus out = Kstatus.withConditions(s, generation, T0);
        assertThat(status(out, "Ready")).isEqualTo(ready);
        assertThat(status(out, "Reconciling")).isEqualTo(reconciling);
        assertThat(status(out, "Stalled")).isEqualTo(stalled);
        assertThat(out.conditions).filteredOn(c -> Kstatus.TYPES.contains(c.type)).allSatisfy(c -> assertThat(c.reason).isEqualTo(reason));
        assertThat(out.conditions.stream().filter(c -> c.type.equals("InvalidSpec")).count()).isEqualTo(invalid ? 1 : 0);
    }

    @Test
    void keeps_the_transition_time_while_a_condition_keeps_its_status() {
        RolloutStatus s = new RolloutStatus();
        s.phase = RolloutPhase.Progressing;
        Kstatus.withConditions(s, null, T0);
        s.message = "step 2";
        Kstatus.withConditions(s, null, T0.plusSeconds(30));
        assertThat(condition(s, "Reconciling").lastTransitionTime).isEqualTo(T0.toString());
        assertThat(condition(s, "Reconciling").message).isEqualTo("step 2");

        s.phase = RolloutPhase.Healthy;
        Kstatus.withConditions(s, null, T0.plusSeconds(60));
        assertThat(condition(s, "Ready").lastTransitionTime).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(condition(s, "Stalled").lastTransitionTime).isEqualTo(T0.toString());
    }

    private static String status(RolloutStatus s, String type) {
        return condition(s, type).status;
    }

    private static RolloutStatus.Condition condition(RolloutStatus s, String type) {
        return s.conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
    }
}
