package dev.sluice.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard shows a pause on an Inconclusive analysis as such (its own badge and the hint that resolves it),
 * whether the controller wrote it as a pause condition or as a status condition.
 */
class DashboardInconclusiveTest {
    private static final String HINT = "analysis was inconclusive: `kubectl sluice promote web` to accept it, `kubectl sluice abort web` to roll back";

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("a pause condition InconclusiveAnalysis marks the row and carries the hint", RolloutPhase.Paused,
                        (Consumer<RolloutStatus>) s -> s.pauseConditions.add(pause("InconclusiveAnalysis")), "InconclusiveAnalysis", HINT),
                Arguments.of("a True status condition InconclusiveAnalysis alone is enough", RolloutPhase.Paused,
                        (Consumer<RolloutStatus>) s -> s.conditions.add(condition("True")), "InconclusiveAnalysis", HINT),
                Arguments.of("a pause step is a plain pause", RolloutPhase.Paused,
                        (Consumer<RolloutStatus>) s -> s.pauseConditions.add(pause("CanaryPauseStep")), null, null),
                Arguments.of("a False condition after promote is no longer inconclusive", RolloutPhase.Paused,
                        (Consumer<RolloutStatus>) s -> s.conditions.add(condition("False")), null, null),
                Arguments.of("a rollout that moved on shows its own phase, not a stale condition", RolloutPhase.Progressing,
                        (Consumer<RolloutStatus>) s -> s.conditions.add(condition("True")), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void the_overview_row(String sentence, RolloutPhase phase, Consumer<RolloutStatus> change, String pauseReason, String hint) {
        Rollout r = rollout(phase);
        change.accept(r.getStatus());
        RolloutRow row = RolloutRow.of(r, (ns, rev) -> null);
        assertThat(row.phase()).isEqualTo(phase.value());
        assertThat(row.pauseReason()).isEqualTo(pauseReason);
        assertThat(row.hint()).isEqualTo(hint);
    }

    @Test
    void the_page_json_names_the_pause_and_keeps_an_inconclusive_runs_phase() throws Exception {
        Rollout r = rollout(RolloutPhase.Paused);
        r.getStatus().pauseConditions.add(pause("InconclusiveAnalysis"));
        AnalysisRun run = new AnalysisRun();
        run.setMetadata(new ObjectMetaBuilder().withName("web-5c7e9a1b3-2").withNamespace("shop").build());
        run.setStatus(new AnalysisRunStatus());
        run.getStatus().phase = "Inconclusive";
        RolloutPage page = RolloutPage.of(RolloutRow.of(r, (ns, rev) -> null), r, List.of(), List.of(), List.of(run),
                new RolloutPage.Access("me", true, null, null));
        var json = new ObjectMapper().valueToTree(page);
        assertThat(json.at("/rollout/pauseReason").asText()).isEqualTo("InconclusiveAnalysis");
        assertThat(json.at("/rollout/hint").asText()).isEqualTo(HINT);
        assertThat(json.at("/analysisRuns/0/phase").asText()).isEqualTo("Inconclusive");
        assertThat(new ObjectMapper().valueToTree(RolloutRow.of(rollout(RolloutPhase.Paused), (ns, rev) -> null)).has("hint")).isFalse();
    }

    private static Rollout rollout(RolloutPhase phase) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
        r.setStatus(new RolloutStatus());
        r.getStatus().phase = phase;
        return r;
    }

    private static RolloutStatus.PauseCondition pause(String reason) {
        RolloutStatus.PauseCondition p = new RolloutStatus.PauseCondition();
        p.reason = reason;
        return p;
    }

    private static RolloutStatus.Condition condition(String status) {
        RolloutStatus.Condition c = new RolloutStatus.Condition();
        c.type = "InconclusiveAnalysis";
        c.status = status;
        c.reason = "InconclusiveAnalysis";
        c.message = "paused until promoted or aborted: `kubectl sluice promote web` accepts it and continues, `kubectl sluice abort web` rolls back";
        return c;
    }
}
