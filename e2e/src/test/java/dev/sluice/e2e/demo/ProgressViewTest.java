package dev.sluice.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AppliedRoute;
import dev.sluice.events.MeasurementPhase;
import dev.sluice.events.MeasurementTaken;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.TrafficShifted;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressViewTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("an applied shift names the weight and the route object",
                        new TrafficShifted("ns/web", "uid", "abc", 2, 7, T, 40,
                                List.of(new AppliedRoute("istio", "VirtualService", "ns", "web", "primary", 40, "12"))),
                        List.of("step 2", "40% canary", "VirtualService ns/web#primary")),
                Arguments.of("a measurement shows its value and verdict",
                        new MeasurementTaken("ns/web", "uid", "abc", "run-1", "success-rate", 3, MeasurementPhase.Failed,
                                "0.52", "successCondition 'result >= 0.9' is false", false, T),
                        List.of("success-rate #3 = 0.52", "Failed [FAIL]", "result >= 0.9")),
                Arguments.of("a failed analysis names the deciding metric and value",
                        new AnalysisCompleted("ns/web", "uid", "abc", "run-1", 5, AnalysisPhase.Failed, "success-rate", "0.52",
                                "metric success-rate failed", T),
                        List.of("run-1 Failed [FAIL]", "success-rate = 0.52")),
                Arguments.of("an abort says why",
                        new RolloutAborted("ns/web", "uid", "abc", 2, 9, T, "success-rate measured 0.52", "success-rate", "0.52"),
                        List.of("ABORTED revision abc", "success-rate measured 0.52")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void describes_each_event_in_one_readable_line(String name, SluiceEvent event, List<String> expectedParts) {
        String line = ProgressView.describe(event);
        assertThat(line).doesNotContain("\n");
        expectedParts.forEach(part -> assertThat(line).contains(part));
    }
}
