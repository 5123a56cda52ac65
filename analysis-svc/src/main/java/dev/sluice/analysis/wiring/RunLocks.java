package dev.sluice.analysis.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One lock per run ({@code namespace/name}) serialising its status writes. A run's lock lives only while a thread
 * holds it or waits for it: the last one out removes it, so a run that ended leaves nothing behind (the map once grew
 * by one entry per run for the life of the process).
 */
@ApplicationScoped
public class RunLocks {
    private static final class Lock {
        int users;
    }

    private final Map<String, Lock> locks = new HashMap<>();

    /** Runs {@code action} holding the run's lock. */
    public <T> T with(String key, Supplier<T> action) {
        Lock lock;
        synchronized (locks) {
            lock = locks.computeIfAbsent(key, k -> new Lock());
            lock.users++;
        }
        try {
            synchronized (lock) {
                return action.get();
            }
        } finally {
            synchronized (locks) {
                if (--lock.users == 0) {
                    locks.remove(key);
                }
            }
        }
    }

    /** How many runs have a lock now (held or awaited). */
    public int size() {
        synchronized (locks) {
            return locks.size();
        }
    }
}
