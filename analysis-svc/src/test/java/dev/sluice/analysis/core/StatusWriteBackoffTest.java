package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusWriteBackoffTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("waits a second after the first failed write", 1, Optional.of(Duration.ofSeconds(1))),
                Arguments.of("doubles the wait after the second", 2, Optional.of(Duration.ofSeconds(2))),
                Arguments.of("waits 8 s after the fourth", 4, Optional.of(Duration.ofSeconds(8))),
                Arguments.of("gives up after the fifth: the run ends in Error", 5, Optional.empty()),
                Arguments.of("stays given up beyond", 40, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String behaviour, int failures, Optional<Duration> expected) {
        assertThat(StatusWriteBackoff.after(failures)).isEqualTo(expected);
    }
}
