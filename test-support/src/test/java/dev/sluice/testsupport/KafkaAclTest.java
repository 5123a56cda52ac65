package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.sluice.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi KafkaUsers of deploy/overlays/strimzi/users.yaml on a real KRaft broker with SASL/SCRAM-SHA-512 and the
 * StandardAuthorizer: each user gets its SCRAM credential and exactly the ACLs the file lists, then does what its
 * service does on Kafka (consume its topics in its groups, produce its events and dead letters; the controller also
 * publishes REST commands and follows the steps topic by partition for SSE), and is refused what it must not do.
 * This proves the ACLs with Kafka's own authorizer; the services themselves are not started here.
 */
class KafkaAclTest {
    private static final Path USERS = Path.of("..", "deploy", "overlays", "strimzi", "users.yaml");
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build())
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                // the test kit's admin; ANONYMOUS is the controller's own PLAINTEXT listener, which no client reaches
                .setConfigProp("super.users", "User:plain-admin;User:ANONYMOUS")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(adminProps())) {
            admin.createTopics(Topics.all().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
            List<AclBinding> acls = new ArrayList<>();
            for (JsonNode user : kafkaUsers()) {
                String name = user.at("/metadata/name").asText();
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
                for (JsonNode acl : user.at("/spec/authorization/acls")) {
                    JsonNode r = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(r.path("type").asText()),
                            r.path("name").asText(), r.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode op : acl.path("operations")) {
                        acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + name, "*",
                                AclOperation.fromString(op.asText()), AclPermissionType.ALLOW)));
                    }
                }
            }
            admin.createAcls(acls).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void the_controller_consumes_its_inputs_publishes_steps_and_commands_and_follows_steps_for_sse() throws Exception {
        consumeInGroup("sluice-controller", "sluice-controller",
                List.of(Topics.VERDICTS, Topics.TRAFFIC_STATUS, Topics.COMMANDS));
        produce("sluice-controller", Topics.STEPS, Topics.COMMANDS, Topics.DEADLETTER);
        // the SSE stream: no group, the rollout's partition assigned, read from a position
        try (KafkaConsumer<String, String> sse = consumer("sluice-controller", null)) {
            TopicPartition tp = new TopicPartition(Topics.STEPS, 0);
            sse.assign(List.of(tp));
            sse.seekToBeginning(List.of(tp));
            await().atMost(Duration.ofSeconds(30)).until(() -> !sse.poll(Duration.ofMillis(200)).isEmpty() || sse.position(tp) > 0);
        }
        assertRefused("sluice-controller", Topics.VERDICTS);
    }

    @Test
    void analysis_consumes_steps_and_checks_and_publishes_verdicts() throws Exception {
        consumeInGroup("sluice-analysis", "sluice-analysis", List.of(Topics.STEPS));
        consumeInGroup("sluice-analysis", "sluice-analysis-checks-" + UUID.randomUUID(), List.of(Topics.CHECKS));
        produce("sluice-analysis", Topics.VERDICTS, Topics.DEADLETTER);
        assertRefused("sluice-analysis", Topics.STEPS);
    }

    @Test
    void traffic_consumes_steps_and_publishes_traffic_status() throws Exception {
        consumeInGroup("sluice-traffic", "sluice-traffic", List.of(Topics.STEPS));
        produce("sluice-traffic", Topics.TRAFFIC_STATUS, Topics.DEADLETTER);
        assertRefused("sluice-traffic", Topics.COMMANDS);
    }

    @Test
    void the_publisher_writes_commands_and_checks_and_nothing_else() throws Exception {
        produce("sluice-publisher", Topics.COMMANDS, Topics.CHECKS);
        assertRefused("sluice-publisher", Topics.STEPS);
        try (KafkaConsumer<String, String> reader = consumer("sluice-publisher", "sluice-publisher")) {
            reader.subscribe(List.of(Topics.COMMANDS));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    reader.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(org.apache.kafka.common.errors.AuthorizationException.class);
        }
    }

    private static void consumeInGroup(String user, String group, List<String> topics) throws Exception {
        produce("sluice-publisher-admin", topics.toArray(String[]::new));
        try (KafkaConsumer<String, String> consumer = consumer(user, group)) {
            consumer.subscribe(topics);
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.topic()));
                return seen.containsAll(topics);
            });
            consumer.commitSync();
        }
    }

    private static void produce(String user, String... topics) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props(user, Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")))) {
            for (String topic : topics) {
                producer.send(new ProducerRecord<>(topic, "shop/web", "{\"by\":\"" + user + "\"}")).get();
            }
        }
    }

    private static void assertRefused(String user, String topic) {
        assertThatThrownBy(() -> produce(user, topic)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> extra = new HashMap<>(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        if (group != null) {
            extra.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props(user, extra));
    }

    /** SCRAM-SHA-512 as the user; the name sluice-publisher-admin is the test kit's PLAIN super user. */
    private static Map<String, Object> props(String user, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("security.protocol", "SASL_PLAINTEXT");
        if (user.equals("sluice-publisher-admin")) {
            p.putAll(Map.of("sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"plain-admin\" password=\"plain-admin-secret\";"));
        } else {
            p.putAll(Map.of("sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + PASSWORD + "\";"));
        }
        return p;
    }

    private static Map<String, Object> adminProps() {
        return props("sluice-publisher-admin", Map.of());
    }

    private static List<JsonNode> kafkaUsers() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> users = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(Files.readString(USERS))) {
            for (JsonNode doc : yaml.readValues(parser, JsonNode.class).readAll()) {
                if ("KafkaUser".equals(doc.path("kind").asText())) {
                    users.add(doc);
                }
            }
        }
        assertThat(users).extracting(u -> u.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("sluice-controller", "sluice-analysis", "sluice-traffic", "sluice-publisher");
        return users;
    }
}
