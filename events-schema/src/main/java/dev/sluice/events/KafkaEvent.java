package dev.sluice.events;

import java.util.Map;

/** One Kafka record carrying a CloudEvent in binary mode: {@code ce_*} headers, JSON data as the value. */
public record KafkaEvent(String topic, String key, Map<String, String> headers, byte[] value) {
}
