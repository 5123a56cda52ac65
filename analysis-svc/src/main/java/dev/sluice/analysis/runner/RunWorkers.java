package dev.sluice.analysis.runner;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The threads analysis runs use: a pool that measures and writes, one timer that wakes it. Stopped with the service. */
@ApplicationScoped
public class RunWorkers {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("sluice-analysis-timer"));
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("sluice-analysis-measure"));

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        workers.shutdownNow();
    }

    public void execute(Runnable task) {
        workers.execute(task);
    }

    public CompletableFuture<Void> runAsync(Runnable task) {
        return CompletableFuture.runAsync(task, workers);
    }

    /** Runs {@code task} on the pool after {@code delay}; null when the service is stopping (the next owner resumes from status). */
    public ScheduledFuture<?> later(Duration delay, Runnable task) {
        try {
            return timers.schedule(() -> workers.execute(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
