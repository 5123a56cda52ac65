package dev.sluice.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class KeyedLanesTest {

    @Test
    void work_for_one_key_runs_in_submission_order_even_when_earlier_work_is_slower() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(20);
        try (KeyedLanes lanes = new KeyedLanes("test", 4, 64)) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                lanes.submit("ns/web", () -> {
                    if (n == 0) { // the first piece is still running when all the others have been submitted
                        await(firstMayFinish);
                    }
                    order.add(n);
                    all.countDown();
                    return CompletableFuture.completedFuture(null);
                });
            }
            firstMayFinish.countDown();
            assertTrue(all.await(10, TimeUnit.SECONDS));
        }
        assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), order);
    }

    @Test
    void the_next_piece_for_a_key_waits_until_the_stage_of_the_last_one_completes() throws Exception {
        CompletableFuture<Void> firstAcked = new CompletableFuture<>();
        CountDownLatch secondRan = new CountDownLatch(1);
        try (KeyedLanes lanes = new KeyedLanes("test", 2, 8)) {
            lanes.submit("ns/web", () -> firstAcked);
            lanes.submit("ns/web", () -> {
                secondRan.countDown();
                return CompletableFuture.completedFuture(null);
            });
            // it stays unrun for as long as the first piece's stage is incomplete
            Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> secondRan.getCount() == 1);
            firstAcked.complete(null);
            assertTrue(secondRan.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void work_for_keys_on_different_lanes_runs_side_by_side() throws Exception {
        try (KeyedLanes lanes = new KeyedLanes("test", 8, 16)) {
            String a = "ns-a/web";
            String b = keyOnAnotherLane(a, lanes.lanes());
            CountDownLatch bothRunning = new CountDownLatch(2);
            CountDownLatch finished = new CountDownLatch(2);
            for (String key : List.of(a, b)) {
                lanes.submit(key, () -> {
                    bothRunning.countDown();
                    try { // each waits for the other: only possible when they run at the same time
                        assertTrue(bothRunning.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                    return CompletableFuture.completedFuture(null);
                });
            }
            assertTrue(finished.await(10, TimeUnit.SECONDS));
            assertEquals(0, bothRunning.getCount());
        }
    }

    @Test
    void the_caller_waits_for_room_once_max_in_flight_pieces_are_unfinished() {
        CompletableFuture<Void> blocker = new CompletableFuture<>();
        try (KeyedLanes lanes = new KeyedLanes("test", 2, 3)) {
            assertTrue(lanes.submit("a", () -> blocker).toCompletableFuture().isDone());
            assertTrue(lanes.submit("b", () -> blocker).toCompletableFuture().isDone());
            CompletionStage<Void> third = lanes.submit("c", () -> blocker);
            assertFalse(third.toCompletableFuture().isDone(), "three unfinished pieces, room for three");
            blocker.complete(null);
            third.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lanes.inFlight() == 0);
        }
    }

    @Test
    void a_failing_piece_does_not_stop_its_lane() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        try (KeyedLanes lanes = new KeyedLanes("test", 1, 4)) {
            lanes.submit("k", () -> CompletableFuture.failedFuture(new IllegalStateException("handler failed")));
            lanes.submit("k", () -> {
                throw new IllegalStateException("thrown before a stage existed");
            });
            lanes.submit("k", () -> {
                after.countDown();
                return CompletableFuture.completedFuture(null);
            });
            assertTrue(after.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void an_error_thrown_by_a_piece_does_not_stop_its_lane_and_its_room_is_given_back() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        try (KeyedLanes lanes = new KeyedLanes("test", 1, 4)) {
            lanes.submit("k", () -> {
                throw new StackOverflowError("a handler recursed");
            });
            lanes.submit("k", () -> {
                throw new AssertionError("an Error, not an Exception");
            });
            lanes.submit("k", () -> {
                after.countDown();
                return CompletableFuture.completedFuture(null);
            });
            assertTrue(after.await(5, TimeUnit.SECONDS));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lanes.inFlight() == 0);
        }
    }

    @Test
    void rejects_a_lane_count_it_cannot_use() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedLanes("test", 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new KeyedLanes("test", 4, 2));
    }

    private static String keyOnAnotherLane(String key, int lanes) {
        for (int i = 0; ; i++) {
            String other = "ns-" + i + "/web";
            if (Math.floorMod(other.hashCode(), lanes) != Math.floorMod(key.hashCode(), lanes)) {
                return other;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
