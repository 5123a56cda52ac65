package dev.sluice.e2e.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailurePlanTest {

    @ParameterizedTest(name = "a share of {0} fails {1} of the first 200 requests and {2} of any 20 in a row")
    @CsvSource({"0.0,0,0", "0.5,100,10", "0.25,50,5", "1.0,200,20"})
    void fails_the_share_evenly(double share, long failuresIn200, long failuresIn20) {
        FailurePlan plan = new FailurePlan(share);
        assertThat(LongStream.rangeClosed(1, 200).filter(plan::fails).count()).isEqualTo(failuresIn200);
        assertThat(LongStream.rangeClosed(37, 56).filter(plan::fails).count()).isEqualTo(failuresIn20);
    }

    @ParameterizedTest(name = "rejects a share of {0}")
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void rejects_shares_outside_zero_to_one(double share) {
        assertThatThrownBy(() -> new FailurePlan(share)).isInstanceOf(IllegalArgumentException.class);
    }
}
