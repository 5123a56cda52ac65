package dev.sluice.common.messaging;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The records a service's handlers are working on right now, with since when and the last transient failure
 * each one met: what readiness reports during an outage ({@link ConsumerReadiness}), instead of SmallRye's
 * unprocessed-record age check, which closes the consumer and turns an outage of a dependency into restarts.
 */
public final class InFlightRecords {
    /** One record being handled: which record ({@code topic-partition@offset}), its type, since when (nanos), its last failure. */
    public record Entry(String record, String type, String rolloutId, long startedNanos, String lastFailure, int failures) {
        Entry failed(String failure) {
            return new Entry(record, type, rolloutId, startedNanos, failure, failures + 1);
        }

        public Duration age(long nowNanos) {
            return Duration.ofNanos(nowNanos - startedNanos);
        }

        public String describe(long nowNanos) {
            String what = type + " for " + rolloutId + " (" + record + ") in handling for " + age(nowNanos).toSeconds() + " s";
            return lastFailure == null ? what : what + ", " + failures + " transient failures, the last: " + lastFailure;
        }
    }

    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongSupplier nanoClock;

    public InFlightRecords(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    public long started(String record, String type, String rolloutId) {
        long id = ids.incrementAndGet();
        entries.put(id, new Entry(record, type, rolloutId, nanoClock.getAsLong(), null, 0));
        return id;
    }

    public void failed(long id, String failure) {
        entries.computeIfPresent(id, (k, e) -> e.failed(failure));
    }

    public void finished(long id) {
        entries.remove(id);
    }

    public long now() {
        return nanoClock.getAsLong();
    }

    public int size() {
        return entries.size();
    }

    public Optional<Entry> oldest() {
        return entries.values().stream().min(Comparator.comparingLong(Entry::startedNanos));
    }

    /** Seconds the oldest record has been in handling; 0 when none is. */
    public double oldestAgeSeconds() {
        long now = nanoClock.getAsLong();
        return oldest().map(e -> e.age(now).toMillis() / 1000.0).orElse(0.0);
    }
}
