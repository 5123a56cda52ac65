package dev.sluice.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.common.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamLimitTest {

    @Test
    void a_caller_gets_its_streams_up_to_the_limit_then_429_and_a_closed_stream_gives_its_place_back() {
        StreamLimit limit = new StreamLimit(2);
        List<Cancellable> open = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            open.add(limit.open("alice", () -> Multi.createFrom().<String>nothing()).subscribe().with(x -> { }));
        }
        assertThatThrownBy(() -> limit.open("alice", () -> Multi.createFrom().<String>nothing()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(429);
                    assertThat(e.problem().detail()).contains("alice has 2 event streams open");
                });
        assertThat(limit.open("bob", () -> Multi.createFrom().<String>nothing())).as("another caller has a limit of its own").isNotNull();

        open.get(0).cancel();
        assertThat(limit.openBy("alice")).isEqualTo(1);
        limit.open("alice", () -> Multi.createFrom().items("x")).subscribe().with(x -> { });
        assertThat(limit.openBy("alice")).as("a stream that completed is not counted").isEqualTo(1);
        open.get(1).cancel();
        assertThat(limit.openBy("alice")).isZero();
    }

    @Test
    void a_stream_that_cannot_be_made_does_not_keep_its_place() {
        StreamLimit limit = new StreamLimit(1);
        assertThatThrownBy(() -> limit.open("alice", () -> {
            throw new ProblemException(404, "Not Found", "no rollout", List.of());
        })).isInstanceOf(ProblemException.class);
        assertThat(limit.openBy("alice")).isZero();
    }
}
