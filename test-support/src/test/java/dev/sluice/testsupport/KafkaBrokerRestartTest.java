package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A broker of its own (not the shared one), stopped and started again: same address, same data, clients carry on. */
class KafkaBrokerRestartTest {

    @Test
    void a_stopped_broker_comes_back_on_the_same_address_with_its_records_and_a_waiting_send_goes_through() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            String address = broker.bootstrapServers();
            broker.createTopics(List.of("restart-test"), 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(address))) {
                producer.send(new ProducerRecord<>("restart-test", "k", "before")).get();

                broker.stopServing();
                Future<RecordMetadata> waiting = producer.send(new ProducerRecord<>("restart-test", "k", "during"));
                assertThat(waiting).isNotDone();
                broker.startAgain();

                assertThat(broker.bootstrapServers()).isEqualTo(address);
                waiting.get();
            }
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(address))) {
                consumer.subscribe(List.of("restart-test"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                    return values.size() >= 2;
                });
            }
            assertThat(values).containsExactly("before", "during");
        }
    }

    private static Properties producerProps(String address) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Properties consumerProps(String address) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-test");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return c;
    }
}
