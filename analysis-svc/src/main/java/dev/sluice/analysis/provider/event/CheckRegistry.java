package dev.sluice.analysis.provider.event;

import dev.sluice.events.CheckCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * External check results seen on {@code sluice.checks}, kept in memory per rollout (the newest 50), and the
 * measurements waiting for one. Bounded by age and count: a rollout whose newest check came more than
 * {@link #MAX_AGE} (24 h) ago is forgotten, and beyond {@link #MAX_CHECKS} (10,000) checks in all the rollouts heard
 * from longest ago are forgotten first (checks name any rollout, deleted ones too: nothing else would ever remove them). Every replica reads every check (the checks channel uses a per-replica
 * consumer group from the earliest offset), so whichever replica owns a run finds its result, also after a
 * restart.
 */
@ApplicationScoped
public class CheckRegistry {
    private static final int KEPT_PER_ROLLOUT = 50;
    static final Duration MAX_AGE = Duration.ofHours(24);
    static final int MAX_CHECKS = 10_000;

    /** Which check a measurement waits for. */
    public record Wanted(String rolloutId, String revision, String checkName, Instant notBefore) {
        boolean matches(CheckCompleted c) {
            return c.rolloutId().equals(rolloutId) && c.checkName().equals(checkName)
                    && (c.revision() == null || revision == null || c.revision().equals(revision))
                    && (notBefore == null || !c.time().isBefore(notBefore));
        }
    }

    private record Waiter(Wanted wanted, CompletableFuture<CheckCompleted> result) {
    }

    /** Per rollout, in the order they were last heard from (eldest first). */
    private final LinkedHashMap<String, Deque<CheckCompleted>> checks = new LinkedHashMap<>();
    private final Map<String, Instant> heard = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Clock clock;
    private final Duration maxAge;
    private final int maxChecks;
    private int total;

    public CheckRegistry() {
        this(Clock.systemUTC(), MAX_AGE, MAX_CHECKS);
    }

    CheckRegistry(Clock clock, Duration maxAge, int maxChecks) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxChecks = maxChecks;
    }

    /** Records a check and completes every measurement waiting for it. */
    public void record(CheckCompleted check) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            Deque<CheckCompleted> list = checks.remove(check.rolloutId());
            list = list == null ? new ArrayDeque<>() : list;
            checks.put(check.rolloutId(), list); // now the most recently heard from
            Instant now = clock.instant();
            heard.put(check.rolloutId(), now);
            list.addLast(check);
            total++;
            while (list.size() > KEPT_PER_ROLLOUT) {
                list.removeFirst();
                total--;
            }
            evict(now);
            Iterator<Waiter> it = waiters.iterator();
            while (it.hasNext()) {
                Waiter w = it.next();
                if (w.wanted().matches(check)) {
                    woken.add(w);
                    it.remove();
                }
            }
        }
        woken.forEach(w -> w.result().complete(check));
    }

    /** Forgets the rollouts heard from longest ago while they are too old or there are too many checks. */
    private void evict(Instant now) {
        Iterator<Map.Entry<String, Deque<CheckCompleted>>> eldest = checks.entrySet().iterator();
        while (eldest.hasNext()) {
            Map.Entry<String, Deque<CheckCompleted>> e = eldest.next();
            boolean old = heard.get(e.getKey()).plus(maxAge).isBefore(now);
            if (!old && total <= maxChecks) {
                return;
            }
            total -= e.getValue().size();
            heard.remove(e.getKey());
            eldest.remove();
        }
    }

    /** How many checks are kept now, and for how many rollouts. */
    synchronized int[] size() {
        return new int[] {total, checks.size()};
    }

    /** The newest matching check already seen. */
    public synchronized Optional<CheckCompleted> latest(Wanted wanted) {
        Deque<CheckCompleted> list = checks.get(wanted.rolloutId());
        if (list == null) {
            return Optional.empty();
        }
        return list.stream().filter(wanted::matches).max(java.util.Comparator.comparing(CheckCompleted::time));
    }

    /** The newest matching check, waiting up to {@code timeout} for one; empty when none came. */
    public Optional<CheckCompleted> await(Wanted wanted, Duration timeout) {
        CompletableFuture<CheckCompleted> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(wanted, future);
        synchronized (this) {
            Optional<CheckCompleted> seen = latest(wanted);
            if (seen.isPresent()) {
                return seen;
            }
            waiters.add(waiter);
        }
        try {
            return Optional.of(future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } finally {
            synchronized (this) {
                waiters.remove(waiter);
            }
        }
    }
}
