package dev.sluice.controller.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.EventType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which annotation values are commands the relay publishes, and which are removed with a warning. */
class CommandAnnotationRelayTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("a promote bound to a revision", "{\"id\":\"a1\",\"command\":\"promote\",\"revision\":\"abc\",\"requestedBy\":\"alice\","
                        + "\"time\":\"2026-11-30T10:00:00Z\"}", EventType.COMMAND_PROMOTE, "abc"),
                Arguments.of("a promote-full", "{\"id\":\"a2\",\"command\":\"promote-full\"}", EventType.COMMAND_PROMOTE_FULL, null),
                Arguments.of("an abort with a blank revision applies to any revision", "{\"id\":\"a3\",\"command\":\"abort\",\"revision\":\"\"}",
                        EventType.COMMAND_ABORT, null),
                Arguments.of("an unknown verb is not a command", "{\"id\":\"a4\",\"command\":\"delete\"}", null, null),
                Arguments.of("a command without an id is not relayed (it could not be recognised again)", "{\"command\":\"pause\"}", null, null),
                Arguments.of("text that is not JSON is not a command", "promote please", null, null),
                Arguments.of("a bad time is not a command", "{\"id\":\"a5\",\"command\":\"resume\",\"time\":\"yesterday\"}", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void parses(String sentence, String value, EventType type, String revision) {
        var parsed = CommandAnnotationRelay.parse(value);
        if (type == null) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).hasValueSatisfying(r -> {
                assertThat(r.type()).isEqualTo(type);
                assertThat(r.revision()).isEqualTo(revision);
                assertThat(r.id()).isNotBlank();
            });
        }
    }
}
