package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.deploy.ServiceConfig.Service;
import dev.sluice.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Strimzi overlay's Kafka resources (generic resources to fabric8, validated here by what they must say): one
 * KafkaTopic per topic in {@link Topics}, replicated 3 times with min.insync.replicas 2, the controller's inputs
 * co-partitioned, and per service a KafkaUser whose ACLs are exactly the topics its channels consume
 * (application.properties), the topics its event types go to (EventType) plus dead letters, and its own group.
 */
class StrimziOverlayTest {

    static List<JsonNode> kind(String kind) {
        return Kustomize.render("overlays/strimzi").stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    @Test
    void there_is_one_kafka_topic_per_sluice_topic_replicated_for_the_loss_of_a_broker() {
        List<JsonNode> topics = kind("KafkaTopic");

        assertThat(topics).extracting(t -> t.at("/spec/topicName").asText()).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("sluice-kafka");
            assertThat(t.at("/spec/replicas").asInt()).as("replicas of %s", DeployTree.describe(t)).isEqualTo(3);
            assertThat(t.at("/spec/config/min.insync.replicas").asInt()).as("min.insync.replicas").isEqualTo(2);
            assertThat(t.at("/spec/config/retention.ms").asLong()).as("retention.ms").isPositive();
            assertThat(t.at("/spec/partitions").asInt()).as("partitions").isPositive();
        });
    }

    @Test
    void the_controllers_input_topics_are_co_partitioned() {
        Map<String, Integer> partitions = new TreeMap<>();
        kind("KafkaTopic").forEach(t -> partitions.put(t.at("/spec/topicName").asText(), t.at("/spec/partitions").asInt()));

        assertThat(ServiceConfig.controllerInputs()).hasSize(3);
        assertThat(KafkaAccess.coPartitioningProblems(partitions, ServiceConfig.controllerInputs())).isEmpty();
    }

    @Test
    void the_kafka_cluster_runs_kraft_node_pools_with_tls_and_scram_on_the_listener_the_services_use() {
        JsonNode kafka = kind("Kafka").get(0);
        JsonNode pool = kind("KafkaNodePool").get(0);

        assertThat(kafka.at("/metadata/annotations/strimzi.io~1kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText()).isEqualTo("enabled");
        assertThat(pool.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(pool.at("/spec/roles").toString()).contains("controller", "broker");
        assertThat(kafka.at("/spec/kafka/listeners")).anySatisfy(l -> {
            assertThat(l.path("port").asInt()).isEqualTo(9093);
            assertThat(l.path("tls").asBoolean()).isTrue();
            assertThat(l.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
        });
        JsonNode config = Kustomize.render("overlays/strimzi").stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        assertThat(config.at("/data/KAFKA_BOOTSTRAP_SERVERS").asText())
                .isEqualTo(kafka.at("/metadata/name").asText() + "-kafka-bootstrap:9093");
        assertThat(config.at("/data/KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
    }

    @Test
    void every_container_mounts_the_cluster_ca_where_the_truststore_setting_points() {
        List<JsonNode> docs = Kustomize.render("overlays/strimzi");
        JsonNode config = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        String truststore = config.at("/data/KAFKA_SSL_TRUSTSTORE_LOCATION").asText();
        String caSecret = kind("Kafka").get(0).at("/metadata/name").asText() + "-cluster-ca-cert";
        List<JsonNode> deployments = kind("Deployment");

        assertThat(deployments).hasSize(ServiceConfig.SERVICES.size()).allSatisfy(d -> {
            JsonNode pod = d.at("/spec/template/spec");
            List<JsonNode> mounts = new ArrayList<>();
            pod.at("/containers/0/volumeMounts").forEach(mounts::add);
            JsonNode ca = mounts.stream().filter(m -> truststore.startsWith(m.path("mountPath").asText() + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(DeployTree.describe(d) + " mounts nothing at " + truststore));
            assertThat(pod.path("volumes")).anySatisfy(v -> {
                assertThat(v.path("name").asText()).isEqualTo(ca.path("name").asText());
                assertThat(v.at("/secret/secretName").asText()).isEqualTo(caSecret);
                assertThat(v.at("/secret/items/0/path").asText()).isEqualTo(truststore.substring(truststore.lastIndexOf('/') + 1));
            });
        });
    }

    static Stream<Service> services() {
        return ServiceConfig.SERVICES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void each_service_has_a_kafka_user_limited_to_its_own_topics_and_group(Service service) {
        JsonNode user = kind("KafkaUser").stream().filter(u -> u.at("/metadata/name").asText().equals(service.name()))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaUser " + service.name()));
        Set<String> needed = KafkaAccess.needed(ServiceConfig.consumedTopics(service), ServiceConfig.producedTopics(service),
                ServiceConfig.consumerGroups(service));

        assertThat(ServiceConfig.consumedTopics(service)).isNotEmpty();
        assertThat(ServiceConfig.consumerGroups(service)).allSatisfy(group -> assertThat(group).startsWith(service.name()));
        assertThat(KafkaAccess.aclProblems(user, needed)).isEmpty();
    }

    @Test
    void the_publisher_user_for_other_systems_writes_commands_and_checks_and_nothing_else() {
        JsonNode user = kind("KafkaUser").stream().filter(u -> u.at("/metadata/name").asText().equals(ServiceConfig.PUBLISHER))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaUser " + ServiceConfig.PUBLISHER));
        assertThat(KafkaAccess.aclProblems(user, KafkaAccess.needed(Set.of(),
                Set.of(dev.sluice.events.Topics.COMMANDS, dev.sluice.events.Topics.CHECKS), Set.of()))).isEmpty();
    }

    static Stream<Arguments> acls() {
        return Stream.of(
                Arguments.of("accepts exactly the needed operations", """
                        - {resource: {type: topic, name: in, patternType: literal}, operations: [Describe, Read]}
                        - {resource: {type: topic, name: out, patternType: literal}, operations: [Describe, Write]}
                        - {resource: {type: group, name: g, patternType: literal}, operations: [Read]}
                        """, List.of()),
                Arguments.of("finds a missing write", """
                        - {resource: {type: topic, name: in, patternType: literal}, operations: [Describe, Read]}
                        - {resource: {type: group, name: g, patternType: literal}, operations: [Read]}
                        """, List.of("missing topic out Describe", "missing topic out Write")),
                Arguments.of("finds a prefix pattern that grants more topics", """
                        - {resource: {type: topic, name: in, patternType: prefix}, operations: [Describe, Read]}
                        - {resource: {type: topic, name: out, patternType: literal}, operations: [Describe, Write]}
                        - {resource: {type: group, name: g, patternType: literal}, operations: [Read]}
                        """, List.of("missing topic in Describe", "missing topic in Read",
                        "not needed topic in (prefix pattern) Describe", "not needed topic in (prefix pattern) Read")),
                Arguments.of("finds an operation beyond reading", """
                        - {resource: {type: topic, name: in, patternType: literal}, operations: [Describe, Read, Delete]}
                        - {resource: {type: topic, name: out, patternType: literal}, operations: [Describe, Write]}
                        - {resource: {type: group, name: g, patternType: literal}, operations: [Read]}
                        """, List.of("not needed topic in Delete")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acls")
    void compares_a_users_acls_with_what_the_service_needs(String behaviour, String acls, List<String> problems) {
        JsonNode user = DeployTree.documents("spec:\n  authorization:\n    acls:\n" + acls.indent(4)).get(0);

        assertThat(KafkaAccess.aclProblems(user, KafkaAccess.needed(Set.of("in"), Set.of("out"), Set.of("g"))))
                .containsExactlyInAnyOrderElementsOf(problems);
    }

    static Stream<Arguments> partitionings() {
        return Stream.of(
                Arguments.of("accepts equal partition counts", Map.of("a", 12, "b", 12, "c", 12), List.of()),
                Arguments.of("rejects one input with fewer partitions", Map.of("a", 12, "b", 6, "c", 12),
                        List.of("the controller's inputs [a, b, c] must have the same partition count, have [6, 12]")),
                Arguments.of("rejects an input without a topic", Map.of("a", 12, "b", 12), List.of("c has no KafkaTopic")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partitionings")
    void co_partitioning(String behaviour, Map<String, Integer> partitions, List<String> problems) {
        assertThat(KafkaAccess.coPartitioningProblems(partitions, new TreeSet<>(Set.of("a", "b", "c"))))
                .containsExactlyElementsOf(problems);
    }
}
