package dev.sluice.common.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings for a Kafka client a service creates by hand (not a SmallRye channel): the service's own {@code kafka.*}
 * configuration — bootstrap servers, {@code security.protocol}, {@code sasl.*}, {@code ssl.*} — as Quarkus exposes it
 * in the {@code @Identifier("default-kafka-broker")} map, so a hand-made client authenticates as the channels do.
 * Keys a consumer does not know are left out; {@code overrides} win.
 */
public final class KafkaClientSettings {
    private KafkaClientSettings() {
    }

    public static Map<String, Object> consumer(Map<String, Object> serviceKafkaConfig, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        serviceKafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && value != null) {
                settings.put(key, value);
            }
        });
        settings.putAll(overrides);
        return settings;
    }
}
