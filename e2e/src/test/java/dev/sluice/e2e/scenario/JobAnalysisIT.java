package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.History;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutAborted;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Argo's Kubernetes {@code job} provider end to end: a canary whose analysis step runs a smoke-test Job (busybox,
 * {@code wget} against the canary Service) is promoted when the Job succeeds and rolled back when it fails. The Job's
 * outcome is the real exit code of its command, run by the cluster simulator against the real canary app
 * (answering 200, or 500 once its failure share is 1). The Jobs are owned by their AnalysisRun: a finished Job is
 * kept for its logs while its run is kept, and deleted with it ({@code successfulRunHistoryLimit: 0} deletes the
 * successful run when the next one starts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobAnalysisIT {
    private static final String NS = "job-analysis";
    private static final String ID = NS + "/" + Manifests.ROLLOUT;
    private static final Duration OUTCOME = Duration.ofSeconds(90);
    private static Harness harness;
    private static Cluster cluster;
    /** The first revision; then each promoted one. */
    private static String stable;
    /** The Job of the promoted revision's run. */
    private static String promotedJob;
    private static String promotedRun;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void givenAStableRolloutWithAJobSmokeTest() {
        harness = SharedHarness.get();
        cluster = new Cluster(harness.kube());
        harness.setCanaryFailureShare(0.0);
        cluster.create(Manifests.namespace(NS));
        cluster.create(Manifests.services(NS));
        cluster.create(Manifests.route(NS, Router.ISTIO));
        cluster.create(smokeJobTemplate());
        String rollout = Manifests.canaryRollout(NS, Router.ISTIO, "sluice/demo-app:1.0", List.of("setWeight: 20",
                "analysis:\n  templates: [{templateName: smoke-job}]", "setWeight: 60", "pause: {duration: 1s}"));
        cluster.create(rollout.replaceFirst("\nspec:\n", "\nspec:\n  analysis: {successfulRunHistoryLimit: 0}\n"));
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(NS, Manifests.ROLLOUT)));
        stable = cluster.rollout(NS, Manifests.ROLLOUT).at("/status/stableRS").asText();
    }

    @AfterAll
    static void healthyCanaryAgain() {
        if (harness != null) {
            harness.setCanaryFailureShare(0.0);
        }
    }

    /** busybox's wget fails (exit 1) on a 500; the kubelet's service links give the canary Service's address. */
    private static String smokeJobTemplate() {
        return """
                apiVersion: sluice.dev/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: smoke-job, namespace: %s}
                spec:
                  metrics:
                  - name: smoke
                    count: 1
                    failureLimit: 0
                    provider:
                      job:
                        metadata:
                          labels: {suite: e2e}
                        spec:
                          backoffLimit: 0
                          activeDeadlineSeconds: 30
                          template:
                            spec:
                              restartPolicy: Never
                              containers:
                              - name: smoke
                                image: busybox:1.36
                                command: [sh, -c]
                                args: ["for i in 1 2 3; do wget -q -O /dev/null http://$WEB_CANARY_SERVICE_HOST:$WEB_CANARY_SERVICE_PORT/ || exit 1; done"]
                """.formatted(NS);
    }

    @Order(1)
    @Test
    void a_canary_whose_smoke_test_job_succeeds_is_promoted() {
        // When a new revision is released while the canary answers every request
        cluster.setImage(NS, Manifests.ROLLOUT, "sluice/demo-app:2.0");

        // Then the smoke-test Job completes, the analysis succeeds and the revision is promoted
        String revision = awaitOutcome("Healthy");
        assertThat(cluster.rollout(NS, Manifests.ROLLOUT).at("/status/stableRS").asText()).isEqualTo(revision);
        stable = revision;
        History history = History.of(harness.events(), ID, revision);
        assertThat(history.ofType(EventType.ANALYSIS_COMPLETED)).as(history.toString())
                .extracting(e -> ((AnalysisCompleted) e.data()).phase()).containsExactly(AnalysisPhase.Successful);
        assertThat(History.distinctRuns(history.requestedWeights())).as(history.toString()).startsWith(20, 60);

        GenericKubernetesResource run = runOf(revision);
        assertThat(run.get("status", "phase").toString()).isEqualTo("Successful");
        Job job = onlyJobOf(run);
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("Complete"));
        assertThat(job.getMetadata().getLabels()).containsEntry("suite", "e2e").containsEntry("sluice.dev/metric", "smoke");
        assertThat(measuredValue(run)).contains("Job " + job.getMetadata().getName() + " completed (CompletionsReached");
        promotedJob = job.getMetadata().getName();
        promotedRun = run.getMetadata().getName();
    }

    @Order(2)
    @Test
    void a_canary_whose_smoke_test_job_fails_is_rolled_back_and_the_promoted_runs_job_is_deleted_with_its_run() {
        // Given the canary app now answers every request with a 500
        harness.setCanaryFailureShare(1.0);

        // When a new revision is released
        cluster.setImage(NS, Manifests.ROLLOUT, "sluice/demo-app:3.0");

        // Then the Job fails, the analysis fails on the metric "smoke" and the rollout is rolled back
        String revision = awaitOutcome("Degraded");
        JsonNode status = cluster.rollout(NS, Manifests.ROLLOUT).path("status");
        assertThat(status.path("stableRS").asText()).isEqualTo(stable);
        assertThat(status.path("abort").asBoolean()).isTrue();
        assertThat(status.path("message").asText()).contains("smoke");
        await("all traffic back on stable").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cluster.canaryWeight(NS, Router.ISTIO)).contains(0));
        await("the canary ReplicaSet to be scaled down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.replicaSet(NS, revision).orElseThrow().getSpec().getReplicas()).isZero());

        History history = History.of(harness.events(), ID, revision);
        assertThat(history.ofType(EventType.ANALYSIS_COMPLETED)).as(history.toString())
                .extracting(e -> ((AnalysisCompleted) e.data()).phase()).containsExactly(AnalysisPhase.Failed);
        assertThat(history.ofType(EventType.ROLLOUT_ABORTED)).as(history.toString())
                .extracting(e -> ((RolloutAborted) e.data()).metricName()).containsExactly("smoke");
        await("the Warning event RolloutAborted on the Rollout").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(harness.kube().v1().events().inNamespace(NS).list().getItems())
                        .filteredOn(e -> "RolloutAborted".equals(e.getReason()))
                        .extracting(Event::getType, Event::getMessage)
                        .anySatisfy(t -> {
                            assertThat(t.toList().get(0)).isEqualTo("Warning");
                            assertThat((String) t.toList().get(1)).contains(revision).contains("smoke");
                        }));

        GenericKubernetesResource run = runOf(revision);
        assertThat(run.get("status", "phase").toString()).isEqualTo("Failed");
        Job job = onlyJobOf(run);
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        assertThat(job.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
        });
        assertThat(measuredValue(run)).contains("Job " + job.getMetadata().getName() + " failed (BackoffLimitExceeded");

        // and the failed run keeps its Job for its logs, while the promoted run (beyond successfulRunHistoryLimit 0)
        // was deleted when this run started, and its Job with it
        await("the promoted run to be deleted").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cluster.client().genericKubernetesResources(Cluster.ANALYSIS_RUNS).inNamespace(NS)
                        .withName(promotedRun).get()).isNull());
        await("the promoted run's Job to be deleted with it").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(harness.kube().batch().v1().jobs().inNamespace(NS).withName(promotedJob).get()).isNull());
        assertThat(harness.kube().batch().v1().jobs().inNamespace(NS).withName(job.getMetadata().getName()).get()).isNotNull();
    }

    /** Waits until a revision other than the stable one is promoted (Healthy) or rolled back (Degraded). */
    private static String awaitOutcome(String phase) {
        await("the new revision to be " + phase).atMost(OUTCOME).untilAsserted(() -> {
            JsonNode status = cluster.rollout(NS, Manifests.ROLLOUT).path("status");
            String current = status.path("currentPodHash").asText("");
            assertThat(current).isNotEmpty().isNotEqualTo(stable);
            assertThat(status.path("phase").asText()).as("%s", status).isEqualTo(phase);
            if ("Healthy".equals(phase)) {
                assertThat(status.path("stableRS").asText()).isEqualTo(current);
            }
        });
        return cluster.rollout(NS, Manifests.ROLLOUT).at("/status/currentPodHash").asText();
    }

    private static GenericKubernetesResource runOf(String revision) {
        await("the AnalysisRun of " + revision + " to be finished").atMost(Duration.ofSeconds(30)).until(() ->
                findRun(revision).map(r -> r.get("status", "completedAt") != null).orElse(false));
        return findRun(revision).orElseThrow();
    }

    private static Optional<GenericKubernetesResource> findRun(String revision) {
        return cluster.client().genericKubernetesResources(Cluster.ANALYSIS_RUNS).inNamespace(NS)
                .withLabel("sluice.dev/revision", revision).list().getItems().stream().findFirst();
    }

    /** The one Job the run's single measurement ran, owned by the run. */
    private static Job onlyJobOf(GenericKubernetesResource run) {
        List<Job> jobs = harness.kube().batch().v1().jobs().inNamespace(NS)
                .withLabel("sluice.dev/analysis-run", run.getMetadata().getName()).list().getItems();
        assertThat(jobs).hasSize(1);
        Job job = jobs.get(0);
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("AnalysisRun");
            assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid());
        });
        return job;
    }

    @SuppressWarnings("unchecked")
    private static String measuredValue(GenericKubernetesResource run) {
        List<Map<String, Object>> results = (List<Map<String, Object>>) run.get("status", "metricResults");
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) results.get(0).get("measurements");
        return String.valueOf(measurements.get(measurements.size() - 1).get("value"));
    }
}
