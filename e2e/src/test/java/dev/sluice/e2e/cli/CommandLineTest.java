package dev.sluice.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How {@code ./sluice demo} and {@code ./sluice bench} read their arguments. */
class CommandLineTest {
    static final Set<String> FLAGS = Set.of("--web");
    static final Set<String> OPTIONS = Set.of("--rollouts", "--parts");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no arguments run with the defaults", List.of(), "Run{flags=[], options={}}"),
                Arguments.of("--help asks for the usage, whatever else is given", List.of("--rollouts", "5", "--help"), "Help"),
                Arguments.of("-h asks for the usage", List.of("-h"), "Help"),
                Arguments.of("a known flag is set", List.of("--web"), "Run{flags=[--web], options={}}"),
                Arguments.of("an option takes the next argument", List.of("--rollouts", "5"), "Run{flags=[], options={--rollouts=5}}"),
                Arguments.of("an option takes name=value", List.of("--parts=ab"), "Run{flags=[], options={--parts=ab}}"),
                Arguments.of("an unknown option is an error, not ignored", List.of("--wbe"), "Error: unknown option --wbe"),
                Arguments.of("a stray argument is an error", List.of("fast"), "Error: unknown argument fast"),
                Arguments.of("an option without its value is an error", List.of("--rollouts"), "Error: --rollouts needs a value"),
                Arguments.of("an option followed by another option lacks its value", List.of("--rollouts", "--parts", "a"),
                        "Error: --rollouts needs a value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parses(String rule, List<String> args, String expected) {
        CommandLine.Parsed parsed = CommandLine.parse(args, FLAGS, OPTIONS);
        String actual = parsed instanceof CommandLine.Parsed.Error e ? "Error: " + e.message()
                : parsed instanceof CommandLine.Parsed.Run r ? "Run{flags=" + r.flags() + ", options=" + r.options() + "}"
                : "Help";
        assertThat(actual).isEqualTo(expected);
    }
}
