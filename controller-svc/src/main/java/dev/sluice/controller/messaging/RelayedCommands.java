package dev.sluice.controller.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which command annotations this replica has relayed and not yet seen removed. The informer keeps delivering the
 * Rollout with the annotation still on it until the removal arrives (a status write in between is enough), and each
 * such delivery would publish the command again; under the same CloudEvents id the inbox records it once, but the
 * topic and its readers (chat-ops, audit) would see it twice. Holds one entry per rollout with an annotation pending
 * removal, so it stays as small as the number of commands in flight. Pure; thread-safe.
 */
final class RelayedCommands {
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    /** True when {@code value} on {@code rollout} has not been relayed yet; records it as relayed. */
    boolean first(String rollout, String value) {
        return !value.equals(pending.put(rollout, value));
    }

    /** The annotation is gone (removed, or the rollout deleted): a later command with the same text is new. */
    void removed(String rollout) {
        pending.remove(rollout);
    }

    /** Relaying failed: the next delivery must try again. */
    void failed(String rollout, String value) {
        pending.remove(rollout, value);
    }

    int size() {
        return pending.size();
    }
}
