package dev.sluice.controller.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which informer deliveries of a command annotation are relayed: each command once, until its removal is seen. */
class RelayedCommandsTest {
    private static final String PROMOTE = "{\"id\":\"a1\",\"command\":\"promote\"}";
    private static final String ABORT = "{\"id\":\"a2\",\"command\":\"abort\"}";

    /** A delivery: the annotation's value on rollout "ns/web", null when the annotation is absent; "!" marks a failed relay. */
    static Stream<Arguments> deliveries() {
        return Stream.of(
                Arguments.of("a command is relayed on its first delivery", List.of(PROMOTE), List.of(true)),
                Arguments.of("a status write delivered before the removal arrives does not relay it again",
                        List.of(PROMOTE, PROMOTE, PROMOTE), List.of(true, false, false)),
                Arguments.of("a newer command replacing the annotation is relayed", List.of(PROMOTE, ABORT), List.of(true, true)),
                Arguments.of("the same text after its removal was seen is a new command",
                        List.of(PROMOTE, "-", PROMOTE), List.of(true, false, true)),
                Arguments.of("a failed relay is tried again on the next delivery", List.of("!" + PROMOTE, PROMOTE, PROMOTE),
                        List.of(true, true, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveries")
    void relays_each_command_once(String sentence, List<String> deliveries, List<Boolean> relayed) {
        RelayedCommands commands = new RelayedCommands();
        for (int i = 0; i < deliveries.size(); i++) {
            String value = deliveries.get(i);
            if (value.equals("-")) {
                commands.removed("ns/web");
                assertThat(relayed.get(i)).isFalse();
                continue;
            }
            boolean fails = value.startsWith("!");
            value = fails ? value.substring(1) : value;
            assertThat(commands.first("ns/web", value)).as("delivery %d", i + 1).isEqualTo(relayed.get(i));
            if (fails) {
                commands.failed("ns/web", value);
            }
        }
    }

    @Test
    void holds_only_commands_pending_removal() {
        RelayedCommands commands = new RelayedCommands();
        commands.first("ns/web", PROMOTE);
        commands.first("ns/api", ABORT);
        assertThat(commands.size()).isEqualTo(2);
        commands.removed("ns/web");
        commands.removed("ns/api");
        assertThat(commands.size()).isZero();
    }
}
