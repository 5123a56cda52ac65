package dev.sluice.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container through Testcontainers; used only when a Docker engine answers. */
final class ContainerBroker implements KafkaBroker {
    static final String IMAGE = "apache/kafka:4.1.1";
    private final KafkaContainer container;

    ContainerBroker() {
        container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(KafkaBroker.defaultPartitions()))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
    }

    static boolean engineAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String describe() {
        return "Kafka container " + IMAGE + " (Testcontainers) at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
