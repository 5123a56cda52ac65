package dev.sluice.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeletionTest {
    static final RolloutRef REF = new RolloutRef("shop", "web", "uid-1", 3);
    static final Deletion.Routes ROUTES = new Deletion.Routes(TrafficRouting.none(), "web-stable", "web-canary");
    static final Instant DELETED = Instant.parse("2026-11-30T20:00:00Z");

    static RolloutStatus status(Integer weight, Integer requested, Long requestedSeq, Long ackSeq) {
        RolloutStatus s = new RolloutStatus();
        s.stableRS = "aaa";
        s.currentPodHash = "bbb";
        s.sequence = 9L;
        s.canary = new RolloutStatus.CanaryStatus();
        s.canary.weight = weight;
        s.canary.requestedWeight = requested;
        s.canary.requestedSequence = requestedSeq;
        s.canary.acknowledgedSequence = ackSeq;
        return s;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("without routing the finalizer goes at once", null, status(20, 20, 5L, 5L), 0, true, null),
                Arguments.of("a canary at 20% asks for weight 0 and keeps the finalizer", ROUTES, status(20, 20, 5L, 5L), 0, false, 10L),
                Arguments.of("while weight 0 is pending nothing is asked again", ROUTES, status(20, 0, 10L, 5L), 10, false, null),
                Arguments.of("once weight 0 is acknowledged the finalizer goes", ROUTES, status(0, 0, 10L, 10L), 10, true, null),
                Arguments.of("a pending shift to 20% is replaced by weight 0", ROUTES, status(0, 20, 6L, 5L), 0, false, 10L),
                Arguments.of("after two minutes without an answer the finalizer goes anyway", ROUTES, status(20, 0, 10L, 5L), 120, true, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void returns_routes_to_stable_before_the_finalizer_goes(String behaviour, Deletion.Routes routes, RolloutStatus before,
            int secondsAfterDeletion, boolean release, Long requestedSequence) {
        Deletion.Result r = Deletion.decide(REF, routes, before, DELETED, DELETED.plusSeconds(secondsAfterDeletion), Duration.ofMinutes(2));
        assertThat(r.release()).isEqualTo(release);
        List<TrafficShiftRequested> asked = r.outcome().all(Decision.Publish.class).stream()
                .map(p -> (TrafficShiftRequested) p.event()).toList();
        if (requestedSequence == null) {
            assertThat(asked).isEmpty();
        } else {
            assertThat(asked).singleElement().satisfies(e -> {
                assertThat(e.canaryWeight()).isZero();
                assertThat(e.sequence()).isEqualTo(requestedSequence);
                assertThat(e.headerRoutes()).isEmpty();
                assertThat(e.stableService()).isEqualTo("web-stable");
            });
            assertThat(r.outcome().status().canary.requestedSequence).isEqualTo(requestedSequence);
        }
    }
}
