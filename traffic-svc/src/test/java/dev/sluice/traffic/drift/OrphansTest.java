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
}
