package dev.sluice.common.auth;

import dev.sluice.common.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At most {@code sluice.api.streams-per-caller} (8) open server-sent-event streams per caller (the name the bearer
 * token was reviewed as), over every stream endpoint of the service. One more is a 429 problem; a stream's place is
 * given back when it ends or the client goes away. A caller with no streams left holds no entry.
 */
@ApplicationScoped
public class StreamLimit {
    private final int perCaller;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    @Inject
    public StreamLimit(@ConfigProperty(name = "sluice.api.streams-per-caller", defaultValue = "8") int perCaller) {
        this.perCaller = perCaller;
    }

    /** The stream, counted against {@code caller}'s limit while it is open; a 429 problem when the caller has none left. */
    public <T> Multi<T> open(String caller, Supplier<Multi<T>> stream) {
        String who = caller == null ? "" : caller;
        boolean[] taken = {false};
        open.compute(who, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= perCaller) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        if (!taken[0]) {
            throw new ProblemException(429, "Too Many Requests", who + " has " + perCaller
                    + " event streams open, the most one caller may (sluice.api.streams-per-caller); close one first", List.of());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(who, (k, n) -> n <= 1 ? null : n - 1);
            }
        };
        try {
            return stream.get().onTermination().invoke(release).onCancellation().invoke(release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** How many streams {@code caller} has open now. */
    public int openBy(String caller) {
        return open.getOrDefault(caller == null ? "" : caller, 0);
    }
}
