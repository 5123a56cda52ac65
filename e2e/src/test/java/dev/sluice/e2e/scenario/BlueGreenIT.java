package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 7: blue-green. The preview analysis passes, a manual promotion switches the active Service in one write,
 * and a failing post-promotion analysis switches back to blue while blue's pods are still up.
 */
class BlueGreenIT {
    private static final String NS = "bluegreen";
    private static final String ID = NS + "/web";
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void preview_passes_promotion_switches_in_one_write_and_a_failed_post_promotion_analysis_switches_back_to_blue() {
        // Given a blue-green rollout with a pre- and a post-promotion check, manual promotion, and blue kept 60 s
        Cluster cluster = new Cluster(harness.kube());
        cluster.create("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + NS + "}\n");
        for (String svc : List.of("web-active", "web-preview")) {
            cluster.create("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: %s, namespace: %s}
                    spec:
                      selector: {app: web}
                      ports: [{name: http, port: 80, targetPort: 8080}]
                    """.formatted(svc, NS));
        }
        for (String check : List.of("preview-smoke", "post-smoke")) {
            cluster.create("""
                    apiVersion: sluice.dev/v1alpha1
                    kind: AnalysisTemplate
                    metadata: {name: %s, namespace: %s}
                    spec:
                      metrics:
                      - name: %s
                        count: 1
                        failureLimit: 0
                        successCondition: "result.passed == true"
                        provider:
                          event: {checkName: %s, timeout: 2m}
                    """.formatted(check, NS, check, check));
        }
        cluster.create("""
                apiVersion: sluice.dev/v1alpha1
                kind: Rollout
                metadata: {name: web, namespace: %s}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: %s
                  strategy:
                    blueGreen:
                      activeService: web-active
                      previewService: web-preview
                      autoPromotionEnabled: false
                      scaleDownDelaySeconds: 60
                      prePromotionAnalysis:
                        templates: [{templateName: preview-smoke}]
                      postPromotionAnalysis:
                        templates: [{templateName: post-smoke}]
                """.formatted(NS, "sluice/demo-app:1.0"));
        await("blue to be active and Healthy").atMost(Duration.ofSeconds(60)).until(() ->
                "Healthy".equals(cluster.phase(NS, "web")) && cluster.serviceHash(NS, "web-active").isPresent());
        String blue = cluster.serviceHash(NS, "web-active").orElseThrow();

        // When green is released, the preview points at it and its pre-promotion check passes
        List<String> activeSelectors = new CopyOnWriteArrayList<>();
        Watch watch = harness.kube().services().inNamespace(NS).withName("web-active").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service svc) {
                if (action == Action.MODIFIED) {
                    activeSelectors.add(String.valueOf(svc.getSpec().getSelector()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            cluster.setImage(NS, "web", "sluice/demo-app:2.0");
            AnalysisRequested pre = awaitAnalysis(AnalysisRequested.Kind.PRE_PROMOTION);
            String green = pre.revision();
            assertThat(green).isNotEqualTo(blue);
            await("the preview Service on green").atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.serviceHash(NS, "web-preview").filter(green::equals).isPresent());
            assertThat(cluster.serviceHash(NS, "web-active")).contains(blue);
            harness.sender().send(new CheckCompleted(ID, green, "preview-smoke", true, null, "preview smoke tests passed", Instant.now()));
            await("the pre-promotion analysis to succeed").atMost(Duration.ofSeconds(30)).until(() ->
                    completed(pre.runName()) == AnalysisPhase.Successful);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .untilAsserted(() -> assertThat(cluster.serviceHash(NS, "web-active")).as("no switch before promotion").contains(blue));
            assertThat(activeSelectors).as("no write to the active Service before promotion").isEmpty();

            // and someone promotes it
            harness.sender().send(EventType.COMMAND_PROMOTE, new RolloutCommand(ID, green, "release-manager", "green looks good", Instant.now()));

            // Then the active Service switches to green in one write
            await("the active Service on green").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.serviceHash(NS, "web-active").filter(green::equals).isPresent());
            await("the watch to see it").atMost(Duration.ofSeconds(5)).until(() -> !activeSelectors.isEmpty());
            assertThat(activeSelectors).as("writes to the active Service during the switch").hasSize(1);
            assertThat(activeSelectors.get(0)).contains(green);

            // When the post-promotion check fails
            AnalysisRequested post = awaitAnalysis(AnalysisRequested.Kind.POST_PROMOTION);
            harness.sender().send(new CheckCompleted(ID, green, "post-smoke", false, null, "error budget burnt after the switch", Instant.now()));

            // Then the active Service switches back to blue, whose pods are still up, and the rollout is Degraded
            await("the switch back to blue").atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.serviceHash(NS, "web-active").filter(blue::equals).isPresent());
            assertThat(cluster.replicaSet(NS, blue).orElseThrow().getSpec().getReplicas()).as("blue still up").isEqualTo(2);
            assertThat(completed(post.runName())).isEqualTo(AnalysisPhase.Failed);
            await("Degraded").atMost(Duration.ofSeconds(20)).until(() -> "Degraded".equals(cluster.phase(NS, "web")));
            assertThat(activeSelectors).as("green, then blue: one write each").hasSize(2);
            assertThat(cluster.rollout(NS, "web").at("/status/message").asText()).contains("post-smoke");
        } finally {
            watch.close();
        }
    }

    private static AnalysisRequested awaitAnalysis(AnalysisRequested.Kind kind) {
        await(kind + " analysis requested").atMost(Duration.ofSeconds(60)).until(() -> harness.events().of(ID, EventType.ANALYSIS_REQUESTED)
                .stream().anyMatch(e -> ((AnalysisRequested) e.data()).kind() == kind));
        return harness.events().of(ID, EventType.ANALYSIS_REQUESTED).stream().map(e -> (AnalysisRequested) e.data())
                .filter(r -> r.kind() == kind).reduce((a, b) -> b).orElseThrow();
    }

    private static AnalysisPhase completed(String runName) {
        return harness.events().of(ID, EventType.ANALYSIS_COMPLETED).stream().map(e -> (AnalysisCompleted) e.data())
                .filter(c -> c.runName().equals(runName)).map(AnalysisCompleted::phase).findFirst().orElse(null);
    }
}
