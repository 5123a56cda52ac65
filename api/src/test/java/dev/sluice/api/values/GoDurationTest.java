package dev.sluice.api.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoDurationTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                ok("seconds with a unit", "30s", false, Duration.ofSeconds(30)),
                ok("hours and minutes together", "1h30m", false, Duration.ofMinutes(90)),
                ok("a fraction of a minute", "1.5m", false, Duration.ofSeconds(90)),
                ok("milliseconds", "250ms", false, Duration.ofMillis(250)),
                ok("micro- and nanoseconds", "3us7ns", false, Duration.ofNanos(3007)),
                ok("zero alone needs no unit", "0", false, Duration.ZERO),
                ok("an explicit plus sign", "+5m", false, Duration.ofMinutes(5)),
                ok("surrounding blanks are ignored", " 10s ", false, Duration.ofSeconds(10)),
                ok("plain seconds where the field allows them (Argo's pause.duration)", "60", true, Duration.ofSeconds(60)),
                ok("Go's largest duration", "2562047h", false, Duration.ofHours(2562047)),
                bad("a number without a unit where the field needs one", "60", false,
                        "'60' has no unit; write 60s (durations need a unit, as in Go, Argo and Flagger)"),
                bad("a negative duration", "-5s", false, "'-5s' is negative; a duration here must be 0 or more"),
                bad("twenty digits of plain seconds", "99999999999999999999", true,
                        "'99999999999999999999' is too long; the longest duration is 2562047h (about 292 years)"),
                bad("twenty digits without unit", "99999999999999999999", false,
                        "'99999999999999999999' has no unit; write 99999999999999999999s (durations need a unit, as in Go, Argo and Flagger)"),
                bad("an exponent", "1e9h", false, "'1e9h' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("a billion hours", "1000000000h", false,
                        "'1000000000h' is too long; the longest duration is 2562047h (about 292 years)"),
                bad("days are not a Go unit", "1d", false, "'1d' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("a unit without a number", "h", false, "'h' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("a bare sign", "-", false, "'-' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("two decimal points", "1.2.3s", false, "'1.2.3s' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("a space inside", "1h 30m", false, "'1h 30m' is not a duration; write it like 30s, 5m, 1h30m or 250ms"),
                bad("empty text", "", false, "is empty; write a duration like 30s, 5m or 1h30m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void parses_like_go(String behaviour, String text, boolean plainSeconds, GoDuration.Parsed expected) {
        assertThat(GoDuration.parse(text, plainSeconds)).isEqualTo(expected);
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("ninety seconds", Duration.ofSeconds(90), "1m30s"),
                Arguments.of("zero", Duration.ZERO, "0s"),
                Arguments.of("hours and milliseconds", Duration.ofHours(2).plusMillis(5), "2h5ms"),
                Arguments.of("below a millisecond", Duration.ofNanos(7), "7ns"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void formats_the_shortest_text(String behaviour, Duration d, String text) {
        assertThat(GoDuration.format(d)).isEqualTo(text);
    }

    private static Arguments ok(String name, String text, boolean plainSeconds, Duration d) {
        return Arguments.of(name, text, plainSeconds, new GoDuration.Parsed(d, null));
    }

    private static Arguments bad(String name, String text, boolean plainSeconds, String problem) {
        return Arguments.of(name, text, plainSeconds, new GoDuration.Parsed(null, problem));
    }
}
