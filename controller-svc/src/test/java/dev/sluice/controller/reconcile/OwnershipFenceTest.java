package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.common.ownership.OwnershipTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnershipFenceTest {
    static final String ROLLOUT = "shop/checkout";
    static final int PARTITION = OwnershipTracker.partition(ROLLOUT, 3);

    static Stream<Arguments> rebalances() {
        return Stream.of(
                Arguments.of("owned throughout: every effect is carried out", -1, List.of("scale", "point", "publish", "status")),
                Arguments.of("revoked before the first effect: nothing is done", 0, List.of()),
                Arguments.of("revoked after scaling: the Services are not touched, nothing is published", 1, List.of("scale")),
                Arguments.of("revoked after publishing: status is left to the new owner", 3, List.of("scale", "point", "publish")));
    }

    /** A reconcile's effects in order, with the partition revoked after {@code revokeAfter} of them (-1: never). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rebalances")
    void a_reconcile_stops_at_the_first_effect_after_its_partition_was_revoked(String name, int revokeAfter, List<String> done) {
        OwnershipTracker tracker = new OwnershipTracker();
        tracker.assigned(List.of(new TopicPartition("sluice.rollout.steps", PARTITION)), 3);
        OwnershipFence fence = new OwnershipFence(tracker::owns);
        List<String> carriedOut = new ArrayList<>();
        Runnable reconcile = () -> {
            for (String effect : List.of("scale", "point", "publish", "status")) {
                if (carriedOut.size() == revokeAfter) {
                    tracker.revoked(Set.of(new TopicPartition("sluice.rollout.steps", PARTITION)));
                }
                fence.check(ROLLOUT, effect);
                carriedOut.add(effect);
            }
        };

        if (revokeAfter < 0) {
            reconcile.run();
        } else {
            assertThatThrownBy(reconcile::run).isInstanceOf(OwnershipFence.OwnershipLost.class)
                    .hasMessageContaining(ROLLOUT).hasMessageContaining("no longer owned");
        }
        assertThat(carriedOut).isEqualTo(done);
    }
}
