package dev.sluice.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
    static final Backoff HALF_SECOND_TO_TEN = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    static Stream<Arguments> waits() {
        return Stream.of(
                Arguments.of("the first retry waits the initial delay", 1, 500),
                Arguments.of("each retry doubles the wait", 2, 1_000),
                Arguments.of("and again", 4, 4_000),
                Arguments.of("the wait stops growing at the maximum", 6, 10_000),
                Arguments.of("a very late retry does not overflow", 1_000, 10_000),
                Arguments.of("a retry number below 1 counts as the first", 0, 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waits")
    void the_wait_before_a_retry(String behaviour, int retry, long millis) {
        assertThat(HALF_SECOND_TO_TEN.delayBefore(retry)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void a_maximum_below_the_initial_delay_is_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
