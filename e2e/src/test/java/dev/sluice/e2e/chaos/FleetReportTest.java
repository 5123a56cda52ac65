package dev.sluice.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.events.EventType;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.StepStarted;
import dev.sluice.events.Topics;
import dev.sluice.events.TrafficShifted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FleetReportTest {
    static final String ID = "shop/web";
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** Events as the log holds them, in offset order: "r:rev" revision detected, "s:rev:step:seq" step started, "w:seq:weight" shifted. */
    static List<ObservedEvent> history(String... events) {
        List<ObservedEvent> out = new ArrayList<>();
        long offset = 0;
        for (String e : events) {
            String[] f = e.split(":");
            out.add(switch (f[0]) {
                case "r" -> event(Topics.STEPS, offset++, EventType.REVISION_DETECTED,
                        new RevisionDetected(ID, "uid", f[1], 0, 0, T, null, "canary"));
                case "s" -> event(Topics.STEPS, offset++, EventType.STEP_STARTED,
                        new StepStarted(ID, "uid", f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), T, "setWeight: 20"));
                case "w" -> event(Topics.TRAFFIC_STATUS, offset++, EventType.TRAFFIC_SHIFTED,
                        new TrafficShifted(ID, "uid", "b", 0, Long.parseLong(f[1]), T, Integer.parseInt(f[2]), List.of()));
                default -> throw new IllegalArgumentException(e);
            });
        }
        return out;
    }

    static ObservedEvent event(String topic, long offset, EventType type, dev.sluice.events.SluiceEvent data) {
        return new ObservedEvent(topic, 0, offset, 0, 0, T, null, type, data);
    }

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of("each step of a release started once", List.of("r:b", "s:b:0:1", "s:b:1:2", "s:b:2:3"), 0),
                Arguments.of("a step record published again with its own sequence is no repetition", List.of("r:b", "s:b:0:1", "s:b:0:1"), 0),
                Arguments.of("a step started again under a new sequence is a repetition", List.of("r:b", "s:b:0:1", "s:b:1:2", "s:b:1:3"), 1),
                Arguments.of("a revision that returns is a new release, not a repetition", List.of("r:b", "s:b:0:1", "r:c", "s:c:0:2", "r:b", "s:b:0:3"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void duplicate_step_transitions(String name, List<String> events, int expected) {
        List<String> findings = new ArrayList<>();
        assertThat(FleetReport.duplicateSteps(ID, history(events.toArray(String[]::new)), findings)).isEqualTo(expected);
        assertThat(findings).hasSize(expected);
    }

    static Stream<Arguments> weights() {
        return Stream.of(
                Arguments.of("weights applied in sequence order", List.of("w:1:20", "w:2:40", "w:3:60"), 0),
                Arguments.of("a shift acknowledged twice is in order", List.of("w:1:20", "w:2:40", "w:2:40", "w:3:60"), 0),
                Arguments.of("an older sequence applied after a newer one is out of order", List.of("w:1:20", "w:3:60", "w:2:40"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weights")
    void weights_out_of_order(String name, List<String> events, int expected) {
        assertThat(FleetReport.weightsOutOfOrder(ID, history(events.toArray(String[]::new)), new ArrayList<>())).isEqualTo(expected);
    }
}
