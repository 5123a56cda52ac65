package dev.sluice.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.notify.service.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryAndRateTest {
    static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

    static Stream<Arguments> retries() {
        return Stream.of(
                Arguments.of("backs off one second after the first attempt", 1, new Attempt.Retry(null, "502"), "again in PT1S"),
                Arguments.of("doubles the wait per attempt", 3, new Attempt.Retry(null, "502"), "again in PT4S"),
                Arguments.of("waits what Retry-After asks when it is longer", 1, new Attempt.Retry(Duration.ofSeconds(30), "429"), "again in PT30S"),
                Arguments.of("keeps its backoff when Retry-After asks less", 4, new Attempt.Retry(Duration.ofMillis(300), "429"), "again in PT8S"),
                Arguments.of("never waits longer than the maximum backoff", 4, new Attempt.Retry(null, "502"),
                        "again in PT8S"),
                Arguments.of("gives up after the last attempt", 5, new Attempt.Retry(null, "502"), "give up: 502; gave up after 5 attempts"),
                Arguments.of("gives up when asked to wait longer than the limit", 1, new Attempt.Retry(Duration.ofMinutes(10), "429"),
                        "give up: 429; asked to wait 600 s, longer than 300 s"),
                Arguments.of("gives up at once on a permanent failure", 1, new Attempt.Failed("channel_not_found"), "give up: channel_not_found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("retries")
    void after_a_failed_attempt(String behaviour, int attempt, Attempt outcome, String expected) {
        RetryPolicy.Next next = POLICY.after(attempt, outcome);

        assertThat(next instanceof RetryPolicy.SendAgain a ? "again in " + a.after() : "give up: " + ((RetryPolicy.GiveUp) next).reason())
                .isEqualTo(expected);
    }

    @Test
    void the_maximum_backoff_caps_the_doubling() {
        RetryPolicy p = new RetryPolicy(20, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5));

        assertThat(((RetryPolicy.SendAgain) p.after(10, new Attempt.Retry(null, "x"))).after()).isEqualTo(Duration.ofSeconds(60));
    }

    static Stream<Arguments> rates() {
        return Stream.of(
                Arguments.of("a burst goes out at once, then one a second", 60, 3, List.of(0, 0, 0, 0), List.of("PT0S", "PT0S", "PT0S", "PT1S")),
                Arguments.of("a quiet recipient has its burst back", 60, 2, List.of(0, 0, 10_000), List.of("PT0S", "PT0S", "PT0S")),
                Arguments.of("one a minute without burst", 1, 1, List.of(0, 0, 30_000), List.of("PT0S", "PT1M", "PT1M30S")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rates")
    void per_recipient_rate(String behaviour, int perMinute, int burst, List<Integer> atMillis, List<String> waits) {
        RateLimiter limiter = new RateLimiter(perMinute, burst);
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        List<String> actual = new ArrayList<>();
        for (int at : atMillis) {
            actual.add(limiter.reserve("slack:deploys", t0.plusMillis(at)).toString());
        }
        assertThat(limiter.reserve("slack:other", t0)).as("another recipient is not held up").isZero();

        assertThat(actual).containsExactlyElementsOf(waits);
    }
}
