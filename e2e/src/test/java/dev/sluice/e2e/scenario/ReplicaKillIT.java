package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.e2e.chaos.FleetReport;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.KafkaServer;
import dev.sluice.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fencing under kill -9: two replicas of every service (controller, analysis, traffic), six rollouts covering every
 * partition mid-release, and one replica of each service killed with SIGKILL at the same moment, while analyses run.
 * The survivors take over (Kafka sessions of 6 s): every rollout is promoted, no step is started twice, no weight is
 * applied out of order, and nothing reaches the dead-letter topic.
 */
class ReplicaKillIT {
    private Harness harness;

    @RegisterExtension
    final LogsOnFailure logs = new LogsOnFailure(() -> harness);

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Six namespaces whose rollouts fall two into each partition, so the killed replicas surely owned some. */
    static List<String> namespacesCoveringEveryPartition() {
        Map<Integer, Integer> perPartition = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < 2 * KafkaServer.PARTITIONS; i++) {
            String ns = "kill-" + i;
            // Kafka's default partitioner, as the services' ownership uses it
            int p = Utils.toPositive(Utils.murmur2((ns + "/" + Manifests.ROLLOUT).getBytes(StandardCharsets.UTF_8))) % KafkaServer.PARTITIONS;
            if (perPartition.merge(p, 1, Integer::sum) <= 2) {
                out.add(ns);
            }
        }
        return out;
    }

    @Test
    void kill_dash_nine_of_one_replica_of_each_service_mid_release_repeats_no_step_and_loses_no_rollout() {
        harness = Harness.start(Harness.Options.defaults("replica-kill").withControllerReplicas(2).withPrometheus(false)
                .withFastFailover());
        harness.addReplica("analysis-svc", "analysis-1");
        harness.addReplica("traffic-svc", "traffic-1");
        harness.events();
        Cluster cluster = new Cluster(harness.kube());
        List<String> namespaces = namespacesCoveringEveryPartition();
        for (String ns : namespaces) {
            cluster.create(Manifests.namespace(ns));
            cluster.create(Manifests.services(ns));
            cluster.create(Manifests.route(ns, Router.ISTIO));
            cluster.create(Manifests.webTemplate(ns, harness.canaryAppUrl()));
            cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", Manifests.analysedSteps("3s")));
        }
        await("every first revision stable").atMost(Duration.ofSeconds(90))
                .until(() -> namespaces.stream().allMatch(ns -> promoted(cluster, ns)));
        List<String> ids = namespaces.stream().map(ns -> ns + "/" + Manifests.ROLLOUT).toList();
        Map<String, String> firstRevision = new HashMap<>();
        namespaces.forEach(ns -> firstRevision.put(ns, cluster.rollout(ns, Manifests.ROLLOUT).path("status").path("stableRS").asText()));

        // When every rollout gets a new revision, and once most of them are being analysed one replica of each service is killed
        namespaces.forEach(ns -> cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0"));
        await("analyses under way").atMost(Duration.ofSeconds(90)).until(() -> ids.stream()
                .filter(id -> !harness.events().of(id, EventType.ANALYSIS_REQUESTED).isEmpty()).count() >= 4);
        harness.controllers().get(0).process().kill();
        harness.analysis().process().kill();
        harness.traffic().process().kill();

        // Then the survivors finish every release as if nothing happened
        await("every rollout promoted by the surviving replicas").atMost(Duration.ofSeconds(150)).until(() -> namespaces.stream()
                .allMatch(ns -> promoted(cluster, ns) && !firstRevision.get(ns).equals(stableRs(cluster, ns))));
        FleetReport report = FleetReport.of(harness.events(), ids, id -> true, harness.bootstrapServers());
        assertThat(report.findings()).as("step repetitions and out-of-order weights").isEmpty();
        assertThat(report.duplicateStepTransitions()).isZero();
        assertThat(report.weightsOutOfOrder()).isZero();
        assertThat(report.deadLettersByCause()).as("dead letters").isEmpty();
        for (String ns : namespaces) {
            String id = ns + "/" + Manifests.ROLLOUT;
            History history = History.of(harness.events(), id, stableRs(cluster, ns));
            assertThat(History.distinctRuns(history.appliedWeights())).as(id + "\n" + history).startsWith(20, 40, 60, 80);
            assertThat(history.appliedSequences()).as(id + " applied in sequence order").isSorted();
            assertThat(history.has(EventType.ROLLOUT_ABORTED)).as(id).isFalse();
            assertThat(history.ofType(EventType.ANALYSIS_COMPLETED)).as(id + " one verdict per run").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.data().toString()).contains("Successful"));
        }
    }

    private static String stableRs(Cluster cluster, String ns) {
        return cluster.rollout(ns, Manifests.ROLLOUT).path("status").path("stableRS").asText("");
    }

    private static boolean promoted(Cluster cluster, String ns) {
        JsonNode s = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
        return "Healthy".equals(s.path("phase").asText()) && !s.path("stableRS").asText("").isEmpty()
                && s.path("stableRS").asText().equals(s.path("currentPodHash").asText());
    }
}
