package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Measurement;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.ServiceProcess;
import dev.sluice.events.EventType;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 5: faults. Each test starts its own harness (it breaks processes on purpose). Kafka sessions are short
 * (6 s) so a killed consumer's partitions move on quickly, as a production setting with fast failover would.
 */
class FaultsIT {
    private static final String[] MODULES = {"controller-svc", "analysis-svc", "traffic-svc"};
    private Harness harness;

    @RegisterExtension
    final LogsOnFailure logs = new LogsOnFailure(() -> harness);

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Harness.Options fastFailover(String label) {
        Harness.Options o = Harness.Options.defaults(label);
        for (String module : MODULES) {
            o = o.withServiceProperty(module, "mp.messaging.connector.smallrye-kafka.session.timeout.ms", "6000")
                    .withServiceProperty(module, "mp.messaging.connector.smallrye-kafka.heartbeat.interval.ms", "1000");
        }
        return o;
    }

    @Test
    void kill_dash_nine_of_each_service_mid_rollout_leaves_the_outcome_and_the_weight_order_unchanged() {
        harness = Harness.start(fastFailover("faults-kill"));
        harness.events();
        // Given a stable first revision and a healthy new version with an analysis step
        CanaryScenario scenario = new CanaryScenario(harness, "faults", Router.ISTIO,
                harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB, Manifests.analysedSteps("3s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        String ns = scenario.namespace();
        Cluster cluster = scenario.cluster();

        // When it is released, and each service is killed with kill -9 in turn and started again
        scenario.whenANewImageIsReleased("sluice/demo-app:2.0");
        await("20% applied").atMost(Duration.ofSeconds(60)).until(() -> cluster.canaryWeight(ns, Router.ISTIO).orElse(-1) == 20);
        killAndRestart(harness.controller());
        await("the analysis to be requested").atMost(Duration.ofSeconds(90))
                .until(() -> !harness.events().of(scenario.rolloutId(), EventType.ANALYSIS_REQUESTED).isEmpty());
        killAndRestart(harness.analysis());
        await("40% applied").atMost(Duration.ofSeconds(120)).until(() -> cluster.canaryWeight(ns, Router.ISTIO).orElse(-1) >= 40);
        killAndRestart(harness.traffic());
        Outcome outcome = scenario.awaitOutcome(Duration.ofSeconds(180));

        // Then it ends as it would have without the faults, and no weight was ever applied out of order
        assertThat(outcome.promoted()).as("%s", outcome).isTrue();
        assertThat(outcome.phase()).isEqualTo("Healthy");
        History history = History.of(harness.events(), scenario.rolloutId(), outcome.revision());
        assertThat(History.distinctRuns(history.requestedWeights())).as(history.toString()).startsWith(20, 40, 60, 80);
        List<Integer> applied = History.distinctRuns(history.appliedWeights());
        assertThat(applied).as(history.toString()).startsWith(20, 40, 60, 80);
        assertThat(applied.subList(0, 4)).isSorted();
        assertThat(history.appliedSequences()).as("applied in sequence order").isSorted();
        assertThat(history.has(EventType.ROLLOUT_ABORTED)).isFalse();
    }

    @Test
    void two_controller_replicas_share_the_rollouts_and_one_takes_over_when_the_other_stops() {
        harness = Harness.start(fastFailover("faults-replicas").withControllerReplicas(2).withPrometheus(false));
        harness.events();
        Cluster cluster = new Cluster(harness.kube());
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String ns = "replicas-" + i;
            namespaces.add(ns);
            cluster.create(Manifests.namespace(ns));
            cluster.create(Manifests.services(ns));
            cluster.create(Manifests.route(ns, Router.ISTIO));
            cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0",
                    List.of("setWeight: 20", "pause: {duration: 2s}", "setWeight: 50", "pause: {duration: 15s}", "setWeight: 80")));
        }
        await("every first revision stable").atMost(Duration.ofSeconds(90))
                .until(() -> namespaces.stream().allMatch(ns -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT))));

        // When every rollout gets a new revision
        namespaces.forEach(ns -> cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0"));
        await("every rollout at 50%").atMost(Duration.ofSeconds(90)).until(() -> namespaces.stream()
                .allMatch(ns -> cluster.canaryWeight(ns, Router.ISTIO).orElse(-1) == 50));

        // Then each rollout was moved by exactly one replica (its step transitions count on one replica only)
        Map<String, Integer> owner = new HashMap<>();
        List<ServiceProcess> controllers = harness.controllers();
        for (String ns : namespaces) {
            List<Integer> actedOn = new ArrayList<>();
            for (int c = 0; c < controllers.size(); c++) {
                if (controllers.get(c).metricWithLabel("sluice_rollout_step_transitions_total", "namespace=\"" + ns + "\"") > 0) {
                    actedOn.add(c);
                }
            }
            assertThat(actedOn).as("replicas that moved %s", ns).hasSize(1);
            owner.put(ns, actedOn.get(0));
        }
        assertThat(Set.copyOf(owner.values())).as("both replicas own some rollouts: %s", owner).hasSize(2);

        // When replica 0 stops, replica 1 finishes every rollout, including those replica 0 was moving
        controllers.get(0).process().stop();
        await("every rollout promoted").atMost(Duration.ofSeconds(120)).until(() -> namespaces.stream().allMatch(ns -> {
            var s = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            return "Healthy".equals(s.path("phase").asText()) && s.path("stableRS").asText().equals(s.path("currentPodHash").asText())
                    && cluster.canaryWeight(ns, Router.ISTIO).orElse(-1) == 0;
        }));
        for (String ns : namespaces) {
            String id = ns + "/" + Manifests.ROLLOUT;
            // no step was emitted twice with different content: each sequence number carries one weight
            Map<Long, Set<Integer>> weightsBySequence = harness.events().of(id, EventType.TRAFFIC_SHIFT_REQUESTED).stream()
                    .map(e -> (TrafficShiftRequested) e.data()).collect(Collectors.groupingBy(TrafficShiftRequested::sequence,
                            Collectors.mapping(TrafficShiftRequested::canaryWeight, Collectors.toSet())));
            assertThat(weightsBySequence.values()).as(id).allSatisfy(w -> assertThat(w).hasSize(1));
        }
        List<String> movedFromZero = owner.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        assertThat(movedFromZero).as("rollouts replica 1 took over").isNotEmpty();
        for (String ns : movedFromZero) {
            assertThat(controllers.get(1).metricWithLabel("sluice_rollout_step_transitions_total", "namespace=\"" + ns + "\""))
                    .as("replica 1 moved %s after the hand-over", ns).isPositive();
        }
    }

    private static void killAndRestart(ServiceProcess service) {
        service.process().kill();
        service.process().restart();
        service.awaitReady(Duration.ofSeconds(90));
    }
}
