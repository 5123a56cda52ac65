package dev.sluice.notify.service;

import java.time.Duration;

/** What one attempt at a delivery came to. */
public sealed interface Attempt {
    /** The service took the message. */
    record Delivered() implements Attempt {
    }

    /** Worth trying again, no sooner than {@code after} when the service said so (Retry-After, retry_after), else null. */
    record Retry(Duration after, String reason) implements Attempt {
    }

    /** Will never work as configured: a wrong channel, token or URL, a payload the service rejects. */
    record Failed(String reason) implements Attempt {
    }
}
