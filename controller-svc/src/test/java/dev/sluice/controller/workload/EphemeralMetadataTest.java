package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EphemeralMetadataTest {

    static Stream<Arguments> patches() {
        return Stream.of(
                Arguments.of("a pod without role labels gets its role's", Map.of("app", "web"), Map.of("role", "canary"),
                        Map.of("role", "stable", "tier", "gold"), Map.of("role", "canary")),
                Arguments.of("a promoted pod swaps the canary value for the stable one and loses canary-only keys",
                        Map.of("app", "web", "role", "canary", "canary-only", "x"), Map.of("role", "stable"),
                        Map.of("role", "canary", "canary-only", "x"), nulls("role", "stable", "canary-only")),
                Arguments.of("a pod that already carries its role needs no patch", Map.of("app", "web", "role", "stable"),
                        Map.of("role", "stable"), Map.of("role", "canary"), Map.of()),
                Arguments.of("labels nobody declared are left alone", Map.of("app", "web", "team", "shop"), Map.of(),
                        Map.of("role", "canary"), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void patches_in_place(String behaviour, Map<String, String> have, Map<String, String> want, Map<String, String> other,
            Map<String, String> patch) {
        assertThat(EphemeralMetadata.patch(have, want, other)).isEqualTo(patch);
    }

    /** {@code key, value, removedKey}: the value set and the removed key mapped to null. */
    private static Map<String, String> nulls(String key, String value, String removed) {
        Map<String, String> m = new HashMap<>();
        m.put(key, value);
        m.put(removed, null);
        return m;
    }
}
