package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    @Test
    void creates_every_sluice_topic_with_the_configured_partition_count(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var topics = admin.describeTopics(Topics.all()).allTopicNames().get();
            assertThat(topics).containsOnlyKeys(Topics.all());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(KafkaBroker.defaultPartitions()));
        }
    }

    @Test
    void a_record_produced_to_the_broker_is_consumed_back(KafkaBroker broker) throws Exception {
        String topic = "broker-self-test";
        broker.createTopics(List.of(topic), 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "prod/web", "hello")).get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "self-test");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String value = null;
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    value = r.key() + "=" + r.value();
                }
            }
            assertThat(value).isEqualTo("prod/web=hello");
        }
    }

    @Test
    void without_a_docker_endpoint_the_broker_is_the_in_jvm_kraft_broker(KafkaBroker broker) {
        if (!KafkaBroker.dockerEngineAnswers() && !"testcontainers".equals(System.getProperty(KafkaBroker.KIND_PROPERTY))) {
            assertThat(broker.describe()).startsWith("KRaft broker");
        } else {
            assertThat(broker.describe()).contains("Testcontainers");
        }
    }
}
