package dev.sluice.analysis.provider.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.CheckCompleted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The registry of external checks stays bounded: by count over every rollout, and by age. */
class CheckRegistryTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    static CheckCompleted check(String rollout) {
        return new CheckCompleted(rollout, null, "e2e", true, 1.0, "ok", Instant.parse("2026-01-01T00:00:00Z"));
    }

    static CheckRegistry.Wanted wanted(String rollout) {
        return new CheckRegistry.Wanted(rollout, null, "e2e", null);
    }

    @Test
    void beyond_the_count_the_rollouts_heard_from_longest_ago_are_forgotten_first() {
        CheckRegistry registry = new CheckRegistry(clock, Duration.ofHours(24), 100);
        registry.record(check("shop/first"));
        for (int i = 0; i < 500; i++) {
            registry.record(check("shop/r" + i));
            if (i % 10 == 0) {
                registry.record(check("shop/first")); // heard from again: kept
            }
        }
        assertThat(registry.size()[0]).isLessThanOrEqualTo(100);
        assertThat(registry.latest(wanted("shop/r0"))).isEmpty();
        assertThat(registry.latest(wanted("shop/r499"))).isPresent();
        assertThat(registry.latest(wanted("shop/first"))).isPresent();
    }

    @Test
    void a_rollout_not_heard_from_for_longer_than_the_age_limit_is_forgotten() {
        CheckRegistry registry = new CheckRegistry(clock, Duration.ofHours(24), 10_000);
        registry.record(check("shop/gone"));
        now.set(now.get().plus(Duration.ofHours(23)));
        registry.record(check("shop/recent"));
        assertThat(registry.latest(wanted("shop/gone"))).as("23 h old").isPresent();
        now.set(now.get().plus(Duration.ofHours(2)));
        registry.record(check("shop/new"));
        assertThat(registry.latest(wanted("shop/gone"))).as("25 h old").isEmpty();
        assertThat(registry.latest(wanted("shop/recent"))).isPresent();
        assertThat(registry.size()).containsExactly(2, 2);
    }

    @Test
    void one_rollout_keeps_its_newest_fifty() {
        CheckRegistry registry = new CheckRegistry(clock, Duration.ofHours(24), 10_000);
        for (int i = 0; i < 80; i++) {
            registry.record(check("shop/busy"));
        }
        assertThat(registry.size()).containsExactly(50, 1);
    }
}
