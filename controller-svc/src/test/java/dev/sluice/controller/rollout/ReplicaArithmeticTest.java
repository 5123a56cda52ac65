package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaArithmeticTest {

    static Stream<Arguments> counts() {
        return Stream.of(
                row("with routing 20% of 10 replicas gives 2 canary pods and keeps all 10 stable",
                        () -> ReplicaArithmetic.trafficRouted(10, 20, null, false, 0), 2, 10),
                row("with routing 15% of 10 replicas rounds the canary up to 2 pods",
                        () -> ReplicaArithmetic.trafficRouted(10, 15, null, false, 0), 2, 10),
                row("with routing 0% needs no canary pod",
                        () -> ReplicaArithmetic.trafficRouted(10, 0, null, false, 0), 0, 10),
                row("with routing 100% runs a full canary beside the full stable",
                        () -> ReplicaArithmetic.trafficRouted(10, 100, null, false, 0), 10, 10),
                row("with routing a setCanaryScale override wins over the weight",
                        () -> ReplicaArithmetic.trafficRouted(10, 20, 5, false, 0), 5, 10),
                row("dynamicStableScale shrinks the stable to the traffic it still receives",
                        () -> ReplicaArithmetic.trafficRouted(10, 40, null, true, 40), 4, 6),
                row("dynamicStableScale keeps the full stable until the routers moved traffic",
                        () -> ReplicaArithmetic.trafficRouted(10, 40, null, true, 0), 4, 10),
                row("without a stable ReplicaSet the first revision gets every pod",
                        () -> ReplicaArithmetic.basic(5, 100, 1, 0, null, null, 0, 0), 5, 0),
                row("does not surge past maxSurge while moving to 40%",
                        () -> ReplicaArithmetic.basic(10, 40, 1, 0, rs(0, 0), rs(10, 10), 0, 0), 1, 10),
                row("removes a stable pod once the surged canary pod is available",
                        () -> ReplicaArithmetic.basic(10, 40, 1, 0, rs(1, 1), rs(10, 10), 0, 0), 1, 9),
                row("maxUnavailable lets the stable shrink before any canary pod exists",
                        () -> ReplicaArithmetic.basic(10, 40, 0, 2, rs(0, 0), rs(10, 10), 0, 0), 0, 8),
                row("does not remove stable pods while the canary's pods are not yet available",
                        () -> ReplicaArithmetic.basic(10, 20, 2, 0, rs(2, 0), rs(10, 10), 0, 0), 2, 10),
                row("weight 0 after an abort scales the canary down within maxUnavailable",
                        () -> ReplicaArithmetic.basic(10, 0, 3, 2, rs(4, 4), rs(6, 6), 0, 0), 2, 9),
                row("100% moves every pod to the canary and empties the stable",
                        () -> ReplicaArithmetic.basic(10, 100, 3, 2, rs(8, 8), rs(2, 2), 0, 0), 10, 0),
                row("a 33% canary of 3 replicas rounds up to one pod and keeps two stable",
                        () -> ReplicaArithmetic.basic(3, 33, 1, 0, rs(1, 1), rs(2, 2), 0, 0), 1, 2),
                row("below 100% the stable keeps one pod even when the canary rounds up to all",
                        () -> ReplicaArithmetic.weightedTarget(1, 50), 1, 1),
                row("zero replicas need no pods at any weight",
                        () -> ReplicaArithmetic.basic(0, 50, 0, 1, rs(0, 0), rs(0, 0), 0, 0), 0, 0),
                row("pods of older ReplicaSets count toward the surge limit",
                        () -> ReplicaArithmetic.basic(10, 20, 2, 0, rs(0, 0), rs(10, 10), 2, 0), 0, 10),
                row("available pods of older ReplicaSets let the stable shrink",
                        () -> ReplicaArithmetic.basic(10, 20, 2, 0, rs(0, 0), rs(10, 10), 2, 2), 0, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counts")
    void computes_replica_counts(String behaviour, Supplier<ReplicaCounts> actual, ReplicaCounts expected) {
        assertThat(actual.get()).isEqualTo(expected);
    }

    static Stream<Arguments> surges() {
        return Stream.of(
                Arguments.of("a 25% surge of 10 replicas rounds up to 3 pods", "25%", 10, true, 3),
                Arguments.of("a 25% unavailability of 10 replicas rounds down to 2 pods", "25%", 10, false, 2),
                Arguments.of("an absolute surge is taken as is", "4", 10, true, 4),
                Arguments.of("0% of any replicas is no pod", "0%", 7, true, 0),
                Arguments.of("100% of 5 replicas is 5 pods", "100%", 5, false, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surges")
    void resolves_surge_and_unavailability(String behaviour, String raw, int replicas, boolean roundUp, int pods) {
        assertThat(IntOrPercent.parse(raw)).get().satisfies(v -> assertThat(v.resolve(replicas, roundUp)).isEqualTo(pods));
    }

    private static Arguments row(String name, Supplier<ReplicaCounts> actual, int canary, int stable) {
        return Arguments.of(name, actual, new ReplicaCounts(canary, stable));
    }

    private static ReplicaSetFacts rs(int replicas, int available) {
        return new ReplicaSetFacts("x", replicas, available, available);
    }
}
