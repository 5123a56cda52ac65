package dev.sluice.common.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Concurrency for a consumer without losing the order that matters: work for the same key (a rollout's id, the
 * Kafka key of every Sluice event) runs one piece after another in the order it was submitted; work for different
 * keys runs side by side on up to {@code lanes} threads (a key always maps to the same lane).
 *
 * <p>SmallRye hands a channel's records to the method one at a time and waits for the stage it returns. The stage
 * {@link #submit} returns completes as soon as the work is queued — or, with {@code maxInFlight} pieces already
 * queued or running, as soon as one of them finishes — so the next record is fetched while this one is handled,
 * and a burst cannot pile up without bound. Each record is still acked or nacked by its own handling; SmallRye's
 * throttled commit strategy commits an offset only when every record before it on its partition was acked, so a
 * crash redelivers whatever was not finished.
 */
public final class KeyedLanes implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyedLanes.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ExecutorService threads;
    private final CompletableFuture<?>[] tails;
    private final int maxInFlight;
    private int inFlight;
    /** Completes when there is room again; what callers wait on while {@code maxInFlight} pieces are unfinished. */
    private CompletableFuture<Void> waiting;

    public KeyedLanes(String name, int lanes, int maxInFlight) {
        if (lanes < 1 || maxInFlight < lanes) {
            throw new IllegalArgumentException("need lanes >= 1 and maxInFlight >= lanes, got " + lanes + " and " + maxInFlight);
        }
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(lanes, r -> {
            Thread t = new Thread(r, name + "-lane-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.tails = new CompletableFuture<?>[lanes];
        java.util.Arrays.fill(tails, DONE);
        this.maxInFlight = maxInFlight;
    }

    public int lanes() {
        return tails.length;
    }

    /**
     * Runs {@code work} on the lane of {@code key} once everything submitted before it on that lane has finished
     * (its stage completed, either way); {@code work} may block. Returns when the caller may submit the next piece.
     */
    public synchronized CompletionStage<Void> submit(String key, Supplier<? extends CompletionStage<?>> work) {
        int lane = key == null ? 0 : Math.floorMod(key.hashCode(), tails.length);
        // handle, not thenCompose: whatever became of the piece before (even an Error), this one runs
        CompletableFuture<Void> done = tails[lane].handleAsync((ok, failure) -> settled(work), threads)
                .thenCompose(stage -> stage);
        tails[lane] = done;
        inFlight++;
        done.whenComplete((ok, failure) -> finished());
        if (inFlight < maxInFlight) {
            return CompletableFuture.completedFuture(null);
        }
        if (waiting == null) {
            waiting = new CompletableFuture<>();
        }
        return waiting;
    }

    /**
     * The work's stage, turned into one that never fails, so that one failure cannot stop its lane: an exception or an
     * {@code Error} (a stack overflow in a handler, an assertion) alike; the lane's thread survives either.
     */
    private static CompletableFuture<Void> settled(Supplier<? extends CompletionStage<?>> work) {
        CompletionStage<?> stage;
        try {
            stage = work.get();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "work on a lane failed before it started; the lane goes on");
            return DONE;
        }
        return stage.toCompletableFuture().handle((ok, failure) -> null);
    }

    private void finished() {
        CompletableFuture<Void> room;
        synchronized (this) {
            inFlight--;
            room = waiting;
            waiting = null;
        }
        if (room != null) {
            room.complete(null);
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Takes no more work; what runs finishes (the threads are daemons, so they never hold the JVM up). */
    @Override
    public void close() {
        threads.shutdown();
    }
}
