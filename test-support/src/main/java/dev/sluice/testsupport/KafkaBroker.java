package dev.sluice.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker for tests. By default a KRaft broker started from Kafka's own jars inside the test
 * JVM; when a Docker engine answers, Testcontainers' Kafka module instead. The system property
 * {@code sluice.test.kafka} forces either ({@code kraft} or {@code testcontainers}); without an engine
 * Docker is never tried. One broker per JVM ({@link #shared()}), shared by every test class, stopped at
 * JVM exit.
 */
public interface KafkaBroker extends AutoCloseable {
    Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    /** Forces the broker kind: {@code kraft}, {@code testcontainers} or {@code auto} (the default). */
    String KIND_PROPERTY = "sluice.test.kafka";
    /** Partitions per Sluice topic (default 3): co-partitioned, as docs/architecture.md §4 requires. */
    String PARTITIONS_PROPERTY = "sluice.test.kafka.partitions";

    String bootstrapServers();

    /** A short description for logs: which kind of broker, where. */
    String describe();

    @Override
    void close();

    /**
     * Takes the broker down (its controller stays up, its data stays): clients meet a broker that is gone, as in a
     * rolling restart or an outage. {@link #startAgain()} brings it back on the same address with the same data.
     */
    default void stopServing() {
        throw new UnsupportedOperationException(describe() + " cannot be stopped and started again");
    }

    /** Brings a broker taken down by {@link #stopServing()} back, on the same address, and waits until it serves. */
    default void startAgain() {
        throw new UnsupportedOperationException(describe() + " cannot be stopped and started again");
    }

    static KafkaBroker shared() {
        return SharedBroker.get();
    }

    static int defaultPartitions() {
        return Integer.getInteger(PARTITIONS_PROPERTY, 3);
    }

    /** Starts a new broker of the configured kind; most tests want {@link #shared()} instead. */
    static KafkaBroker start() {
        String kind = System.getProperty(KIND_PROPERTY, "auto");
        boolean docker = switch (kind) {
            case "kraft" -> false;
            case "testcontainers" -> true;
            case "auto" -> dockerEngineAnswers();
            default -> throw new IllegalArgumentException(KIND_PROPERTY + " must be kraft, testcontainers or auto, not " + kind);
        };
        KafkaBroker broker = docker ? new ContainerBroker() : new KraftBroker();
        LOG.info(() -> "started " + broker.describe());
        return broker;
    }

    /**
     * True only when a Docker endpoint is configured or its socket exists and the engine answers; without
     * either, Testcontainers is never loaded.
     */
    static boolean dockerEngineAnswers() {
        boolean endpoint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return endpoint && ContainerBroker.engineAnswers();
    }

    /** Creates the topics (idempotently) with {@code partitions} partitions each, replication factor 1. */
    default void createTopics(Collection<String> topics, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + topics, e.getCause());
        }
    }

    /** Kafka client properties pointing at this broker. */
    default Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }
}
