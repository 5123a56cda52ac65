package dev.sluice.api.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelValuesTest {

    static Stream<Arguments> names() {
        String n200 = "a".repeat(199) + "z";
        return Stream.of(
                Arguments.of("a short name is its own label value", "checkout", "checkout"),
                Arguments.of("a name of exactly 63 characters is kept", "b".repeat(63), "b".repeat(63)),
                Arguments.of("a 200-character name becomes 52 characters, a dash and 10 hex digits of its hash", n200,
                        "a".repeat(52) + "-" + "fe21e34bf0"),
                Arguments.of("a head ending in dashes loses them before the hash", "c".repeat(50) + "---" + "d".repeat(20),
                        "c".repeat(50) + "-" + "586572db27"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void derives_label_values(String behaviour, String name, String expected) {
        assertThat(LabelValues.of(name)).isEqualTo(expected).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void two_long_names_with_the_same_head_get_different_values() {
        String head = "x".repeat(60);
        assertThat(LabelValues.of(head + "-one")).isNotEqualTo(LabelValues.of(head + "-two"));
    }
}
