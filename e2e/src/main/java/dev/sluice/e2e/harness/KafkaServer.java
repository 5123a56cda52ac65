package dev.sluice.e2e.harness;

import dev.sluice.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in its own JVM: {@code kafka.Kafka} from Kafka's jars, KRaft combined mode, storage
 * formatted with {@code kafka.tools.StorageTool} first. Every Sluice topic is created with
 * {@value #PARTITIONS} partitions (the controller's inputs must be co-partitioned).
 */
public final class KafkaServer implements AutoCloseable {
    /** 3, or system property {@code sluice.e2e.partitions} (the benchmark's horizontal part uses 12, as the install does). */
    public static final int PARTITIONS = Integer.getInteger("sluice.e2e.partitions", 3);

    private final ManagedProcess process;
    private final String bootstrap;

    private KafkaServer(ManagedProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /** Formats storage and launches the broker; call {@link #awaitReady} before use. */
    public static KafkaServer launch(Layout layout, Path logDir) {
        int port = Ports.free();
        int controllerPort = Ports.free();
        Path dir = logDir.resolve("kafka");
        Path properties = dir.resolve("server.properties");
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + PARTITIONS,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + PARTITIONS,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") ;
        try {
            Files.createDirectories(dir);
            Files.writeString(properties, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = Layout.java("512m");
        jvm.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", layout.childClasspath()));
        ManagedProcess format = ManagedProcess.start("kafka-format", concat(jvm, List.of("kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString())), Map.of(), logDir);
        awaitExit(format, Duration.ofSeconds(60));
        ManagedProcess broker = ManagedProcess.start("kafka", concat(jvm, List.of("kafka.Kafka", properties.toString())),
                Map.of(), logDir);
        return new KafkaServer(broker, "127.0.0.1:" + port);
    }

    /** Waits until the broker answers, then creates the Sluice topics. */
    public void awaitReady(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            Wait.until("the Kafka broker at " + bootstrap + " (" + process.state() + ")", timeout, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("broker exited:\n" + process.tail(30));
                }
                return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
            });
            List<NewTopic> topics = Topics.all().stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            Wait.until("the Sluice topics", timeout, () -> admin.listTopics().names().get().containsAll(Topics.all()));
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker not ready: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public ManagedProcess process() {
        return process;
    }

    private static void awaitExit(ManagedProcess p, Duration timeout) {
        Wait.until(p.name() + " to finish", timeout, () -> !p.isAlive());
        if (!p.state().equals("exited with code 0")) {
            throw new IllegalStateException(p.name() + " " + p.state() + ":\n" + p.tail(30));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Override
    public void close() {
        process.stop();
    }
}
