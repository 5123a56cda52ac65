package dev.sluice.notify.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.SluiceEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriggersTest {
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("an abort by analysis names the metric and value", Samples.abortedByMetric(), Trigger.ROLLOUT_ABORTED,
                        "shop/checkout aborted", "error-rate", "0.12", null),
                Arguments.of("a step start names the weight of setWeight", Samples.step(), Trigger.STEP_STARTED,
                        "shop/checkout step started", null, null, 20),
                Arguments.of("a failed shift names the weight it wanted", Samples.shiftFailed(), Trigger.TRAFFIC_SHIFT_FAILED,
                        "shop/checkout traffic shift failed", null, null, 20),
                Arguments.of("an error analysis names its metric", Samples.analysis(AnalysisPhase.Error), Trigger.ANALYSIS_ERROR,
                        "shop/checkout analysis error", "error-rate", "0.12", null),
                Arguments.of("a new revision names no metric", Samples.revision(), Trigger.ROLLOUT_UPDATED,
                        "shop/checkout new revision detected", null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void the_notice_of_an_event(String behaviour, SluiceEvent event, Trigger trigger, String headline, String metric, String value, Integer weight) {
        assertThat(Triggers.of(event)).first().isEqualTo(trigger);
        Notice n = Triggers.notice("ev-1", trigger, event, List.of(), "https://sluice.example.com/");

        assertThat(n.headline()).isEqualTo(headline);
        assertThat(n.metric()).isEqualTo(metric);
        assertThat(n.value()).isEqualTo(value);
        assertThat(n.weight()).isEqualTo(weight);
        assertThat(n.dashboardUrl()).isEqualTo("https://sluice.example.com/rollouts/shop/checkout");
    }

    static Stream<Arguments> silent() {
        return Stream.of(
                Arguments.of("a successful analysis", Samples.analysis(AnalysisPhase.Successful)),
                Arguments.of("a running analysis", Samples.analysis(AnalysisPhase.Running)));
    }

    @ParameterizedTest(name = "{0} fires no trigger")
    @MethodSource("silent")
    void silent_events(String behaviour, SluiceEvent event) {
        assertThat(Triggers.of(event)).isEmpty();
    }
}
