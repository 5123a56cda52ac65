package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RolloutStoreIdleTest {

    @Test
    void a_hand_over_waits_for_the_reconcile_holding_a_revoked_rollout_and_not_for_others() throws Exception {
        RolloutStore store = new RolloutStore(null, null);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reconcile = new Thread(() -> {
            try {
                store.locked("shop/checkout", () -> {
                    holding.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reconcile.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        store.locked("shop/other", () -> null);

        assertThat(store.awaitIdle("shop/other"::equals, Duration.ofSeconds(5))).as("an idle rollout does not hold it up").isTrue();
        assertThat(store.awaitIdle("shop/checkout"::equals, Duration.ofMillis(200))).as("still reconciling").isFalse();
        release.countDown();
        assertThat(store.awaitIdle("shop/checkout"::equals, Duration.ofSeconds(10))).as("the reconcile ended").isTrue();
        reconcile.join(10_000);
    }
}
