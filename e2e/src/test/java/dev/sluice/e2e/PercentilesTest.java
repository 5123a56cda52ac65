package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.e2e.bench.Percentiles;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearest_rank_percentiles_of_one_to_a_hundred() {
        Percentiles p = Percentiles.of(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) (101 - i)).toList());
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void a_single_sample_is_every_percentile_and_no_sample_is_none() {
        assertThat(Percentiles.of(List.of(7.0))).isEqualTo(new Percentiles(1, 7.0, 7.0, 7.0));
        assertThat(Percentiles.of(List.of()).p50()).isNaN();
    }
}
