package dev.sluice.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Kubernetes API's answers to "who is this token, may it do that?" kept briefly: per SHA-256 of the token (the
 * token itself is not kept) and target, for {@code ttl}. Bounded: beyond {@code maxEntries} the expired answers are
 * dropped, and if that is not enough, all of them. A TTL of zero keeps nothing.
 */
final class ReviewCache {
    static final int MAX_ENTRIES = 10_000;

    private record Key(String tokenHash, AuthDecision.Target target) {
    }

    private record Entry(AuthDecision decision, Instant expires) {
    }

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    ReviewCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    AuthDecision get(String token, AuthDecision.Target target, Supplier<AuthDecision> review) {
        if (ttl.isZero() || ttl.isNegative() || maxEntries <= 0) {
            return review.get();
        }
        Key key = new Key(sha256(token), target);
        Instant now = clock.instant();
        Entry e = entries.get(key);
        if (e != null && now.isBefore(e.expires())) {
            return e.decision();
        }
        AuthDecision decision = review.get();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(old -> !now.isBefore(old.expires()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(decision, now.plus(ttl)));
        return decision;
    }

    int size() {
        return entries.size();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
