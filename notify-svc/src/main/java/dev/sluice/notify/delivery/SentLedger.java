package dev.sluice.notify.delivery;

import java.util.concurrent.CompletionStage;

/** Which deliveries were already made: the idempotency keys ({@code <ce_id> <service>:<recipient>}) of sent messages. */
public interface SentLedger {
    boolean sent(String key);

    /** Completes when the key is durable (another replica will see it). */
    CompletionStage<Void> record(String key);
}
