package dev.sluice.traffic.shift;

/** A failed call to the route store, classified by what the caller should do about it. */
public class StoreException extends RuntimeException {

    public enum Kind {
        /** Optimistic concurrency: someone wrote the object since it was read; re-read and re-apply. */
        CONFLICT,
        /** The API is unavailable, throttling or timing out; retry with backoff. */
        TRANSIENT,
        /** Retrying the same call will not help (forbidden, invalid object). */
        PERMANENT
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
