package dev.sluice.traffic.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.traffic.drift.Orphans.Action;
import dev.sluice.traffic.drift.Orphans.Lookup;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrphansTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("re-applies while the rollout exists with the stamped uid", "uid-1", new Lookup.Found("uid-1"), Action.REAPPLY),
                Arguments.of("releases the routes of a deleted rollout", "uid-1", new Lookup.Missing(), Action.RELEASE),
                Arguments.of("releases stamps of an old uid when the rollout was created again", "uid-1", new Lookup.Found("uid-2"),
                        Action.RELEASE),
                Arguments.of("does nothing while the rollout cannot be read", "uid-1", new Lookup.Unreadable("forbidden"), Action.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String behaviour, String stampedUid, Lookup lookup, Action expected) {
        assertThat(Orphans.decide(stampedUid, lookup)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void each_rollout_is_looked_up_once_in_every_run_of_passes_and_a_fleet_spreads_over_the_passes() {
        for (String id : java.util.List.of("shop/web", "shop/api", "billing/web")) {
            for (long first = 0; first < 25; first++) {
                long from = first;
                assertThat(java.util.stream.LongStream.range(from, from + 10).filter(p -> Orphans.lookupDue(id, p, 10)).count())
                        .as("%s, passes %d..%d", id, from, from + 9).isEqualTo(1);
            }
            assertThat(java.util.stream.LongStream.range(0, 5).allMatch(p -> Orphans.lookupDue(id, p, 1))).isTrue();
        }
        long[] perPass = new long[10];
        for (int i = 0; i < 1000; i++) {
            for (int p = 0; p < 10; p++) {
                perPass[p] += Orphans.lookupDue("bench-d-" + i + "/web", p, 10) ? 1 : 0;
            }
        }
        assertThat(java.util.Arrays.stream(perPass).boxed().toList()).as("look-ups per pass").allSatisfy(n -> assertThat(n).isBetween(50L, 150L));
    }
}
