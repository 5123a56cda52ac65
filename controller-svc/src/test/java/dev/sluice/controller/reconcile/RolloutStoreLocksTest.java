package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-rollout locks: one holder at a time per rollout, and nothing kept once nobody holds or waits. */
class RolloutStoreLocksTest {
    final RolloutStore store = new RolloutStore(null, null);

    @Test
    void a_thousand_rollouts_locked_one_after_another_leave_no_lock_behind() throws Exception {
        for (int i = 0; i < 1000; i++) {
            store.locked("shop/web-" + i, () -> null);
        }
        assertThat(store.lockCount()).isZero();
    }

    @Test
    void a_lock_that_fails_its_work_is_released_and_forgotten() {
        try {
            store.locked("shop/web", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (Exception expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(store.lockCount()).isZero();
    }

    @Test
    void a_second_caller_waits_for_the_first_and_the_lock_goes_when_both_are_done() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> call(() -> {
            holding.countDown();
            release.await(10, TimeUnit.SECONDS);
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> call(() -> {
            secondRan.set(true);
            return null;
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.users("shop/web") == 2);
        assertThat(store.lockCount()).isEqualTo(1);
        assertThat(secondRan).isFalse();
        release.countDown();
        CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(secondRan).isTrue();
        assertThat(store.lockCount()).isZero();
    }

    private void call(java.util.concurrent.Callable<Void> work) {
        try {
            store.locked("shop/web", work);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
