package dev.sluice.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A hand-made consumer gets the service's Kafka address and security settings, nothing a consumer does not know. */
class KafkaClientSettingsTest {
    static final Map<String, Object> SERVICE = Map.of(
            "bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/ca.p12",
            "devservices.enabled", "false",
            "health.enabled", "true");

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("the address is kept", "bootstrap.servers", "kafka:9093"),
                Arguments.of("the security protocol is kept", "security.protocol", "SASL_SSL"),
                Arguments.of("the SASL mechanism is kept", "sasl.mechanism", "SCRAM-SHA-512"),
                Arguments.of("the SASL credentials are kept", "sasl.jaas.config", SERVICE.get("sasl.jaas.config")),
                Arguments.of("TLS settings are kept", "ssl.truststore.location", "/etc/kafka/ca.p12"),
                Arguments.of("a Quarkus-only key is left out", "devservices.enabled", null),
                Arguments.of("a SmallRye-only key is left out", "health.enabled", null),
                Arguments.of("an override wins", "enable.auto.commit", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void a_consumer_takes_the_services_settings(String behaviour, String key, Object expected) {
        Map<String, Object> settings = KafkaClientSettings.consumer(SERVICE, Map.of("enable.auto.commit", false));
        assertThat(settings.get(key)).isEqualTo(expected);
    }
}
