package dev.sluice.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusVocabularyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> stored() {
        return Stream.of(
                Arguments.of("a phase is stored as its name", "{\"phase\":\"Healthy\"}", "{\"phase\":\"Healthy\"}"),
                Arguments.of("a phase this version does not know is read as Unknown, never an exception", "{\"phase\":\"Scaling\"}",
                        "{\"phase\":\"Unknown\"}"),
                Arguments.of("promote-full is stored with its dash", "{\"pendingCommands\":[{\"command\":\"promote-full\"}]}",
                        "{\"pendingCommands\":[{\"command\":\"promote-full\"}]}"),
                Arguments.of("an unknown command is read as unknown", "{\"pendingCommands\":[{\"command\":\"rollback\"}]}",
                        "{\"pendingCommands\":[{\"command\":\"unknown\"}]}"),
                Arguments.of("a cancelled run keeps Cancelled",
                        "{\"canary\":{\"currentStepAnalysisRun\":{\"name\":\"r\",\"phase\":\"Cancelled\"}}}",
                        "{\"canary\":{\"currentStepAnalysisRun\":{\"name\":\"r\",\"phase\":\"Cancelled\"}}}"),
                Arguments.of("a run phase this version does not know is read as Unknown",
                        "{\"canary\":{\"currentStepAnalysisRun\":{\"phase\":\"Skipped\"}}}",
                        "{\"canary\":{\"currentStepAnalysisRun\":{\"phase\":\"Unknown\"}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stored")
    void reads_and_writes_todays_strings(String rule, String in, String out) throws Exception {
        var written = JSON.readTree(JSON.writeValueAsString(JSON.readValue(in, RolloutStatus.class)));
        JSON.readTree(out).fields().forEachRemaining(
                f -> assertThat(written.path(f.getKey())).as(f.getKey()).isEqualTo(f.getValue()));
    }

    @Test
    void only_pending_and_running_runs_are_unfinished() {
        assertThat(Stream.of(RunPhase.values()).filter(p -> !p.finished())).containsExactly(RunPhase.Pending, RunPhase.Running);
        assertThat(Stream.of(RunPhase.values()).filter(RunPhase::failed)).containsExactly(RunPhase.Failed, RunPhase.Error);
    }

    @Test
    void a_null_stays_null() {
        assertThat(RolloutPhase.of(null)).isNull();
        assertThat(RunPhase.of(null)).isNull();
        assertThat(RolloutCommandName.of(null)).isNull();
    }
}
