package dev.sluice.analysis.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunLocksTest {

    @Test
    void a_runs_lock_is_gone_once_its_last_holder_leaves() {
        RunLocks locks = new RunLocks();
        for (int i = 0; i < 1000; i++) {
            String run = "shop/web-abc-" + i + "-background";
            assertThat(locks.with(run, () -> locks.size())).isEqualTo(1);
        }
        assertThat(locks.size()).as("locks of ended runs").isZero();
    }

    @Test
    void two_writers_of_one_run_take_turns_and_leave_nothing_behind() throws Exception {
        RunLocks locks = new RunLocks();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable write = () -> locks.with("shop/run", () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            firstInside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            return null;
        });
        Thread first = new Thread(write);
        first.start();
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread second = new Thread(write);
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.BLOCKED);
        assertThat(locks.size()).as("one lock for the run while both use it").isEqualTo(1);
        release.countDown();
        first.join(10_000);
        second.join(10_000);
        assertThat(most.get()).as("writers inside at once").isEqualTo(1);
        assertThat(locks.size()).isZero();
    }
}
