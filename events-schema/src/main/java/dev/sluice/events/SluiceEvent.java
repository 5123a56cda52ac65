package dev.sluice.events;

import java.time.Instant;

/**
 * The data of one Sluice CloudEvent. Every event names its rollout ({@code namespace/name}), which is
 * also the Kafka record key and the CloudEvents {@code subject}.
 */
public interface SluiceEvent {
    String rolloutId();

    Instant time();
}
