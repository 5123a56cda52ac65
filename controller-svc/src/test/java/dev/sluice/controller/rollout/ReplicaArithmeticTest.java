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
                        () -> ReplicaArithmetic.basic(5, 100, 1, 0, null, null, 0), 5, 0),
                row("setWeight 20 of 4 replicas surges to 1 canary beside 4 stable pods (20%, not 1/3)",
                        () -> ReplicaArithmetic.basic(4, 20, 1, 0, rs(1, 1), rs(4, 4), 0), 1, 4));
    }

    /**
     * Argo Rollouts' {@code TestCalculateReplicaCountsForCanary} (utils/replicaset/canary_test.go, commit
     * 9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d), every case without trafficRouting, setCanaryScale, promoteFull,
     * abort or minPodsPerReplicaSet, with its name: replicas, setWeight, maxSurge, maxUnavailable, stable spec/available,
     * canary spec/available, expected canary, expected stable, older ReplicaSet spec/available (Argo's rule reads only
     * the older spec count: older ReplicaSets scale down before anything else).
     */
    static Stream<Arguments> argoBasicCanary() {
        return Stream.of(
                argo("Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas", 10, 100, "3", "0", 7, 8, 6, 3, 6, 7, 0, 0),
                argo("Use max surge int to scale up canary", 10, 20, "2", "0", 10, 10, 0, 0, 2, 10, 0, 0),
                argo("Use max surge percentage to scale up canary", 10, 20, "20%", "0", 10, 10, 0, 0, 2, 10, 0, 0),
                argo("Scale down extra stable replicas", 10, 20, "20%", "0", 10, 10, 2, 2, 2, 8, 0, 0),
                argo("Do not go past max surge", 10, 30, "2", "0", 10, 10, 0, 0, 2, 10, 0, 0),
                argo("Use max unavailable int to scale down stableRS", 10, 20, "0", "2", 10, 10, 0, 0, 0, 8, 0, 0),
                argo("Use max surge percentage to scale down stableRS", 10, 20, "0", "20%", 10, 10, 0, 0, 0, 8, 0, 0),
                argo("Do not go past max unavailable", 10, 30, "0", "2", 10, 10, 0, 0, 0, 8, 0, 0),
                argo("Use Max Surge and Max Unavailable", 10, 50, "2", "1", 10, 10, 0, 0, 2, 9, 0, 0),
                argo("Scale canaryRS to zero on setWeight of 0%", 10, 0, "1", "1", 10, 10, 1, 1, 0, 10, 0, 0),
                argo("Scale stable to zero on setWeight of 100%", 10, 100, "1", "1", 1, 1, 10, 10, 10, 0, 0, 0),
                argo("Do not scale canaryRS down to zero on non-zero weight", 1, 20, "1", "0", 1, 1, 0, 0, 1, 1, 0, 0),
                argo("Do not scale canaryRS down to zero on non-100 weight", 1, 90, "1", "0", 1, 1, 0, 0, 1, 1, 0, 0),
                argo("Scale canaryRS to zero on <50 weight without surge", 1, 49, "0", "1", 1, 1, 0, 0, 0, 1, 0, 0),
                argo("Scale stableRS down to zero on >=50 weight without surge", 1, 51, "0", "1", 1, 1, 0, 0, 0, 0, 0, 0),
                argo("Scale canaryRS to one on >=50 weight without surge and stable replicas", 1, 51, "0", "1", 0, 0, 0, 0, 1, 0, 0, 0),
                argo("Scale up Stable before canaryRS", 10, 30, "1", "0", 1, 1, 0, 0, 1, 7, 3, 3),
                argo("Scale down canaryRS and stable", 10, 30, "0", "3", 8, 5, 4, 4, 3, 7, 0, 0),
                argo("Scale down stable and canary available", 10, 100, "1", "0", 10, 2, 10, 8, 9, 2, 0, 0),
                argo("Do not scale down canaryRS or stable when older RS count >= scaleDownCount", 10, 30, "0", "1", 8, 6, 4, 2, 4, 8, 3, 3),
                argo("Do not round past maxSurge with uneven setWeight divisor", 10, 5, "0", "1", 10, 10, 0, 0, 0, 9, 0, 0),
                argo("Do not round past maxSurge with uneven setWeight divisor (part 2)", 10, 5, "0", "1", 9, 9, 0, 0, 1, 9, 0, 0),
                argo("Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas", 10, 10, "0%", "0%", 10, 10, 0, 0, 0, 9, 0, 0),
                argo("honor maxSurge during scale up when stableRS unavailable", 4, 100, "1", "0", 4, 1, 0, 0, 1, 4, 0, 0),
                argo("scale down to maxunavailable without exceeding maxSurge", 3, 99, "0", "2", 3, 3, 0, 0, 0, 1, 0, 0),
                argo("scale down to maxunavailable without exceeding maxSurge (part 2)", 3, 99, "0", "2", 1, 1, 0, 0, 2, 1, 0, 0),
                argo("honor maxUnavailable during scale down stableRS unavailable", 4, 100, "1", "0", 4, 1, 1, 1, 1, 3, 0, 0),
                argo("honor maxUnavailable when aborting or reducing weight part 1", 4, 0, "1", "0", 0, 0, 4, 4, 4, 1, 0, 0),
                argo("honor maxUnavailable when aborting or reducing weight part 2", 4, 0, "1", "0", 1, 0, 4, 4, 4, 1, 0, 0),
                argo("honor maxUnavailable when aborting or reducing weight part 3", 4, 0, "1", "0", 1, 1, 4, 4, 3, 1, 0, 0));
    }

    /**
     * Argo Rollouts' {@code TestApproximateWeightedNewStableReplicaCounts} (same file and commit): replicas, weight,
     * maxSurge, expected canary, expected stable.
     */
    static Stream<Arguments> argoApproximation() {
        return Stream.of(
                approx(0, 0, 0, 0, 0),
                approx(0, 50, 0, 0, 0),
                approx(0, 100, 0, 0, 0),
                approx(0, 0, 1, 0, 0),
                approx(0, 50, 1, 0, 0),
                approx(0, 100, 1, 0, 0),
                approx(1, 0, 0, 0, 1),
                approx(1, 1, 0, 0, 1),
                approx(1, 49, 0, 0, 1),
                approx(1, 50, 0, 1, 0),
                approx(1, 99, 0, 1, 0),
                approx(1, 100, 0, 1, 0),
                approx(1, 0, 1, 0, 1),
                approx(1, 1, 1, 1, 1),
                approx(1, 49, 1, 1, 1),
                approx(1, 50, 1, 1, 1),
                approx(1, 99, 1, 1, 1),
                approx(1, 100, 1, 1, 0),
                approx(2, 0, 0, 0, 2),
                approx(2, 1, 0, 1, 1),
                approx(2, 50, 0, 1, 1),
                approx(2, 99, 0, 1, 1),
                approx(2, 100, 0, 2, 0),
                approx(2, 0, 1, 0, 2),
                approx(2, 1, 1, 1, 2),
                approx(2, 50, 1, 1, 1),
                approx(2, 99, 1, 2, 1),
                approx(2, 100, 1, 2, 0),
                approx(3, 10, 0, 1, 2),
                approx(3, 25, 0, 1, 2),
                approx(3, 33, 0, 1, 2),
                approx(3, 34, 0, 1, 2),
                approx(3, 49, 0, 1, 2),
                approx(3, 50, 0, 2, 1),
                approx(3, 10, 1, 1, 3),
                approx(3, 25, 1, 1, 3),
                approx(3, 33, 1, 1, 2),
                approx(3, 34, 1, 1, 2),
                approx(3, 49, 1, 2, 2),
                approx(3, 50, 1, 2, 2),
                approx(10, 0, 1, 0, 10),
                approx(10, 1, 0, 1, 9),
                approx(10, 14, 0, 1, 9),
                approx(10, 15, 0, 2, 8),
                approx(10, 16, 0, 2, 8),
                approx(10, 99, 0, 9, 1),
                approx(10, 100, 1, 10, 0),
                approx(10, 0, 1, 0, 10),
                approx(10, 1, 1, 1, 10),
                approx(10, 18, 1, 2, 9),
                approx(10, 19, 1, 2, 9),
                approx(10, 20, 1, 2, 8),
                approx(10, 23, 1, 2, 8),
                approx(10, 24, 1, 3, 8),
                approx(10, 25, 1, 3, 8),
                approx(10, 99, 1, 10, 1),
                approx(10, 100, 1, 10, 0));
    }

    private static Arguments argo(String name, int replicas, int weight, String surge, String unavailable, int stableSpec,
            int stableAvailable, int canarySpec, int canaryAvailable, int canary, int stable, int olderSpec, int olderAvailable) {
        int surgePods = IntOrPercent.parse(surge).orElseThrow().resolve(replicas, true);
        int unavailablePods = IntOrPercent.parse(unavailable).orElseThrow().resolve(replicas, false);
        int unavailableOrOne = surgePods == 0 && unavailablePods == 0 ? 1 : unavailablePods;
        return row("Argo: " + name, () -> ReplicaArithmetic.basic(replicas, weight, surgePods, unavailableOrOne, rs(canarySpec, canaryAvailable),
                rs(stableSpec, stableAvailable), olderSpec), canary, stable);
    }

    private static Arguments approx(int replicas, int weight, int maxSurge, int canary, int stable) {
        return row("Argo: " + replicas + " replicas at " + weight + "% with maxSurge " + maxSurge + " run " + canary + " canary and " + stable
                + " stable pods", () -> ReplicaArithmetic.weightedTarget(replicas, weight, maxSurge), canary, stable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"counts", "argoBasicCanary", "argoApproximation"})
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

    static Stream<Arguments> minPods() {
        return Stream.of(
                Arguments.of("minPodsPerReplicaSet 2 raises one canary pod to 2", 1, 2, false, 2),
                Arguments.of("minPodsPerReplicaSet leaves more pods as they are", 5, 2, false, 5),
                Arguments.of("a canary without traffic and without routes keeps no pod", 0, 2, false, 0),
                Arguments.of("a header or mirror route at weight 0 gets minPodsPerReplicaSet pods", 0, 2, true, 2),
                Arguments.of("a route at weight 0 gets one pod by default", 0, 1, true, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("minPods")
    void keeps_min_pods_per_replica_set(String behaviour, int count, int minPods, boolean routes, int expected) {
        assertThat(ReplicaArithmetic.atLeastMinPods(count, minPods, routes)).isEqualTo(expected);
    }

    private static Arguments row(String name, Supplier<ReplicaCounts> actual, int canary, int stable) {
        return Arguments.of(name, actual, new ReplicaCounts(canary, stable));
    }

    private static ReplicaSetFacts rs(int replicas, int available) {
        return new ReplicaSetFacts("x", replicas, available, available);
    }
}
