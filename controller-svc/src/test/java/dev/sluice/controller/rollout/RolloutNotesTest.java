package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controller.rollout.RolloutNotes.Note;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutCompleted;
import dev.sluice.events.RolloutPaused;
import dev.sluice.events.RolloutPromoted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.events.StepStarted;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutNotesTest {
    static final String ID = "shop/web";
    static final Instant T = Instant.parse("2026-11-30T20:00:00Z");

    static Stream<Arguments> notes() {
        return Stream.of(
                row("a new revision names the stable one", new RevisionDetected(ID, "u", "bbb", 0, 1, T, "aaa", "canary"),
                        "Normal", "RevisionDetected", "new revision bbb (stable is aaa), strategy canary"),
                row("every step is shown as written", new StepStarted(ID, "u", "bbb", 2, 4, T, "setWeight: 40"),
                        "Normal", "StepStarted", "revision bbb step 2: setWeight: 40"),
                row("a timed pause says until when", new RolloutPaused(ID, "u", "bbb", 1, 5, T, "CanaryPauseStep", T.plusSeconds(300)),
                        "Normal", "RolloutPaused", "revision bbb paused at step 1 (CanaryPauseStep) until 2026-11-30T20:05:00Z"),
                row("an indefinite pause waits for promote", new RolloutPaused(ID, "u", "bbb", 3, 6, T, "CanaryPauseStep", null),
                        "Normal", "RolloutPaused", "revision bbb paused at step 3 (CanaryPauseStep) until promoted"),
                row("a promote-full says the steps were skipped", new RolloutPromoted(ID, "u", "bbb", 1, 7, T, "aaa", true),
                        "Normal", "RolloutPromoted", "revision bbb promoted (promote-full, remaining steps skipped); previous stable aaa"),
                row("an abort is a warning with its reason", new RolloutAborted(ID, "u", "bbb", 2, 8, T,
                        "analysis failed: success-rate was 0.91", "success-rate", "0.91"),
                        "Warning", "RolloutAborted", "revision bbb aborted at step 2: analysis failed: success-rate was 0.91"),
                row("completion names the phase", new RolloutCompleted(ID, "u", "bbb", 4, 9, T, "Healthy", "revision bbb is stable"),
                        "Normal", "RolloutCompleted", "revision bbb Healthy: revision bbb is stable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notes")
    void shows_it_as_a_kubernetes_event(String behaviour, RolloutStepEvent event, Note expected) {
        assertThat(RolloutNotes.of(event)).contains(expected);
    }

    static Stream<Arguments> silent() {
        TrafficRouting none = TrafficRouting.none();
        return Stream.of(
                Arguments.of("a traffic shift request", new TrafficShiftRequested(ID, "u", "bbb", 0, 2, T, 20, none, "s", "c", "aaa", "bbb", List.of())),
                Arguments.of("an analysis request", new AnalysisRequested(ID, "u", "bbb", 1, 3, T, "run", AnalysisRequested.Kind.STEP,
                        List.of(), List.of(), List.of(), "istio", "s", "c", "aaa", "bbb", null, null)));
    }

    @ParameterizedTest(name = "does not show {0}")
    @MethodSource("silent")
    void keeps_requests_to_other_services_out(String behaviour, RolloutStepEvent event) {
        assertThat(RolloutNotes.of(event)).isEqualTo(Optional.empty());
    }

    private static Arguments row(String name, RolloutStepEvent event, String type, String reason, String message) {
        return Arguments.of(name, event, new Note(type, reason, message));
    }
}
