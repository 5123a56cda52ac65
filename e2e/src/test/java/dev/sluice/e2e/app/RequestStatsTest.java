package dev.sluice.e2e.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestStatsTest {

    @Test
    void the_window_forgets_requests_older_than_its_length_but_totals_keep_them() {
        RequestStats stats = new RequestStats(10_000);
        stats.record(1_000, 500);
        stats.record(2_000, 500);
        stats.record(12_500, 200);
        stats.record(13_000, 200);

        RequestStats.Window window = stats.window(13_000);
        assertThat(window.requests()).isEqualTo(2);
        assertThat(window.errors()).isZero();
        assertThat(window.successRate()).isEqualTo(1.0);
        assertThat(stats.totals()).isEqualTo(Map.of(200, 2L, 500, 2L));
    }

    @Test
    void an_empty_window_has_no_success_rate() {
        assertThat(new RequestStats(10_000).window(5_000).successRate()).isNaN();
    }
}
