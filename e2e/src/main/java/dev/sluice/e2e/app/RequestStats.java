package dev.sluice.e2e.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo app counts: totals per status code (for Prometheus) and a sliding window of recent outcomes
 * (for the JSON stats endpoint the {@code web} provider reads). Thread-safe; the clock is passed in.
 */
public final class RequestStats {
    private final long windowMillis;
    private final Map<Integer, Long> totals = new TreeMap<>();
    private final Deque<long[]> recent = new ArrayDeque<>(); // {timeMillis, code}

    public RequestStats(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public synchronized void record(long nowMillis, int code) {
        totals.merge(code, 1L, Long::sum);
        recent.addLast(new long[] {nowMillis, code});
        trim(nowMillis);
    }

    public synchronized Map<Integer, Long> totals() {
        return Map.copyOf(totals);
    }

    /** Requests and errors (5xx) in the window ending now. */
    public synchronized Window window(long nowMillis) {
        trim(nowMillis);
        long errors = recent.stream().filter(r -> r[1] >= 500).count();
        return new Window(recent.size(), errors, windowMillis / 1000.0);
    }

    private void trim(long nowMillis) {
        while (!recent.isEmpty() && recent.peekFirst()[0] < nowMillis - windowMillis) {
            recent.removeFirst();
        }
    }

    /** The recent window; {@code successRate} is NaN when no request arrived in it. */
    public record Window(long requests, long errors, double seconds) {
        public double successRate() {
            return requests == 0 ? Double.NaN : (double) (requests - errors) / requests;
        }
    }
}
