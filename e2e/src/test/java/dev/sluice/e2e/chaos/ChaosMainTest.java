package dev.sluice.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosMainTest {

    @Test
    void the_used_heap_of_a_serial_gc_jvm_is_young_plus_tenured_without_metaspace() {
        String heapInfo = """
                12345:
                 def new generation   total 9792K, used 1024K [0x00000000f0000000, 0x00000000f0aa0000, 0x00000000f5550000)
                  eden space 8704K,  11% used [0x00000000f0000000, 0x00000000f0100000, 0x00000000f0880000)
                 tenured generation   total 21888K, used 20480K [0x00000000f5550000, 0x00000000f6ab0000, 0x0000000100000000)
                 Metaspace       used 61234K, committed 61952K, reserved 1114112K
                  class space    used 7654K, committed 8000K, reserved 1048576K
                """;
        assertThat(ChaosMain.usedHeapMb(heapInfo)).isEqualTo(21.0);
    }

    @Test
    void the_slope_is_the_least_squares_line_through_one_sample_a_minute() {
        assertThat(ChaosMain.slope(List.of(100.0, 100.0, 100.0))).isEqualTo(0.0);
        assertThat(ChaosMain.slope(List.of(100.0, 102.0, 104.0, 106.0))).isCloseTo(2.0, within(1e-9));
        assertThat(ChaosMain.slope(List.of(100.0, 110.0, 100.0, 110.0))).isCloseTo(2.0, within(1e-9));
    }
}
