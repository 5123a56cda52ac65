package dev.sluice.analysis.wiring;

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

/**
 * The threads analysis runs use: a pool of at most {@code sluice.analysis.workers} (256) threads that measures and
 * writes (more due work waits its turn), one timer that wakes it. Stopped with the service.
 */
@ApplicationScoped
public class RunWorkers {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("sluice-analysis-timer"));
    private final ExecutorService workers;

    @jakarta.inject.Inject
    public RunWorkers(@org.eclipse.microprofile.config.inject.ConfigProperty(name = "sluice.analysis.workers", defaultValue = "256")
            int threads) {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), daemon("sluice-analysis-measure"));
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

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
