package dev.sluice.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightedPickerTest {

    @ParameterizedTest(name = "sends exactly {0} of every 100 requests to the canary")
    @ValueSource(ints = {0, 1, 20, 33, 50, 80, 99, 100})
    void exact_share_per_hundred(int percent) {
        WeightedPicker picker = new WeightedPicker();
        for (int round = 0; round < 3; round++) {
            int canary = 0;
            for (int i = 0; i < 100; i++) {
                canary += picker.nextIsCanary(percent) ? 1 : 0;
            }
            assertThat(canary).isEqualTo(percent);
        }
    }
}
