package dev.sluice.deploy;

import dev.sluice.events.EventType;
import dev.sluice.events.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What the manifests must agree with in the services' own configuration (read from their source trees). */
final class ServiceConfig {
    /** Deployment name, module folder. */
    record Service(String name, String module) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("sluice-controller", "controller-svc"),
            new Service("sluice-analysis", "analysis-svc"),
            new Service("sluice-traffic", "traffic-svc"),
            new Service("sluice-notify", "notify-svc"));

    private ServiceConfig() {
    }

    /** quarkus.shutdown.timeout of a service: its application.properties, else service-common's defaults. */
    static long shutdownTimeoutSeconds(Service service) {
        String value = property(applicationProperties(service));
        if (value == null) {
            value = property(DeployTree.ROOT.resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"));
        }
        if (value == null) {
            throw new IllegalStateException("quarkus.shutdown.timeout is set nowhere: a pod would stop without draining");
        }
        return Duration.parse("PT" + value.strip().toUpperCase()).toSeconds();
    }

    /** The topics the service reads: its channels', those it reads without a channel, and its ledger topic. */
    static Set<String> consumedTopics(Service service) {
        Set<String> topics = new TreeSet<>(channelTopics(service));
        topics.addAll(readsOutsideChannels(service));
        topics.addAll(ledgerTopics(service));
        return topics;
    }

    /** The topics the service's Kafka channels consume (mp.messaging.incoming.*.topic or .topics). */
    static Set<String> channelTopics(Service service) {
        Set<String> topics = new TreeSet<>();
        incoming(service, ".topic").forEach(topics::add);
        incoming(service, ".topics").forEach(list -> topics.addAll(List.of(list.split("\\s*,\\s*"))));
        return topics;
    }

    /** The consumer groups of the service's Kafka channels. */
    static Set<String> consumerGroups(Service service) {
        return new TreeSet<>(incoming(service, ".group.id"));
    }

    /** The topics the service produces to: its event types' topics (EventType catalogue) and the dead-letter topic. */
    static Set<String> producedTopics(Service service) {
        String producer = service.name().substring("sluice-".length());
        Set<String> topics = new TreeSet<>();
        Arrays.stream(EventType.values()).filter(t -> t.producer().equals(producer)).forEach(t -> topics.add(t.topic()));
        topics.add(Topics.DEADLETTER);
        if (service.name().equals("sluice-controller")) {
            topics.add(Topics.COMMANDS); // controller-svc api/RolloutResource publishes the REST commands
        }
        topics.addAll(ledgerTopics(service));
        return topics;
    }

    /** Topics a service reads and writes as its own state store: properties {@code sluice.*.ledger.topic}. */
    static Set<String> ledgerTopics(Service service) {
        Properties properties = properties(applicationProperties(service));
        Set<String> topics = new TreeSet<>();
        properties.stringPropertyNames().stream().filter(k -> k.matches("sluice\\.[^.]+\\.ledger\\.topic"))
                .forEach(k -> topics.add(properties.getProperty(k)));
        return topics;
    }

    /** Topics a service reads without a channel (and without a group). */
    private static Set<String> readsOutsideChannels(Service service) {
        // controller-svc api/StepEventStream: the SSE stream assigns the rollout's partition of the steps topic
        return service.name().equals("sluice-controller") ? Set.of(Topics.STEPS) : Set.of();
    }

    /** The KafkaUser for other systems: writes commands and external check results, nothing else. */
    static final String PUBLISHER = "sluice-publisher";

    /** The controller's inputs, which must be co-partitioned (docs/architecture.md §4). */
    static Set<String> controllerInputs() {
        return channelTopics(SERVICES.get(0));
    }

    private static List<String> incoming(Service service, String suffix) {
        Properties properties = properties(applicationProperties(service));
        return properties.stringPropertyNames().stream()
                .filter(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+" + Pattern.quote(suffix)))
                .map(properties::getProperty)
                .toList();
    }

    private static Path applicationProperties(Service service) {
        return DeployTree.ROOT.resolve(service.module()).resolve("src/main/resources/application.properties");
    }

    private static String property(Path file) {
        return properties(file).getProperty("quarkus.shutdown.timeout");
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        if (!Files.exists(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
