package dev.sluice.notify.delivery;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * notify-svc's own Kafka producer (ledger marks and per-recipient dead letters), configured from the same
 * {@code kafka.*} settings as its channels (broker, SASL, TLS), idempotent with {@code acks=all}.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> base;
    private volatile KafkaProducer<String, byte[]> producer;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> c = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (k.contains(".") && !k.startsWith("group.") && !k.startsWith("key.") && !k.startsWith("value.")
                    && !k.startsWith("enable.auto") && !k.startsWith("auto.")) {
                c.put(k, v);
            }
        });
        this.base = Map.copyOf(c);
    }

    /** The shared settings (broker, security), for a client of another kind. */
    public Map<String, Object> base() {
        return base;
    }

    public KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> c = new HashMap<>(base);
                    c.put(ProducerConfig.ACKS_CONFIG, "all");
                    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    c.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-notify-ledger-" + java.util.UUID.randomUUID());
                    producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
