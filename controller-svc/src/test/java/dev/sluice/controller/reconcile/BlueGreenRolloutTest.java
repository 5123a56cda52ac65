package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.rollout.BlueGreenStrategy;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.EventType;
import dev.sluice.events.RevisionDetected;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.RolloutStepEvent;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue-green rollouts end to end inside the controller: Kubernetes test server (CRUD), the real broker, a "kubelet"
 * that makes ReplicaSet pods available, and the test answering as analysis-svc and as a person sending commands.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class BlueGreenRolloutTest {

    @Inject
    KubernetesClient client;

    RolloutFixture given;
    Watch activeWatch;
    /** Every write to the active Service seen after the new revision was declared: the selector's hash at each. */
    final List<String> activeWrites = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        given = new RolloutFixture(client);
        given.services("web-active", "web-preview");
    }

    @AfterEach
    void tearDown() {
        if (activeWatch != null) {
            activeWatch.close();
        }
        given.close();
    }

    @Test
    void a_promote_command_switches_the_active_service_in_one_write_and_blue_scales_down_after_the_delay() {
        String blue = healthyThenNewImage(rollout("pay", false, null, null, 2));
        String green = TemplateHash.of(RolloutFixture.template("web:2"));

        Rollout paused = given.awaitPhase("pay", "Paused");
        assertThat(paused.getStatus().message).isEqualTo("waiting for promotion: preview web-preview serves revision " + green);
        assertThat(selector("web-preview")).isEqualTo(green);
        assertThat(selector("web-active")).isEqualTo(blue);
        assertThat(replicas("pay", green)).as("green runs at previewReplicaCount").isEqualTo(1);

        List<Instant> blueScaledDown = new CopyOnWriteArrayList<>();
        try (Watch blueWatch = client.apps().replicaSets().inNamespace(given.namespace).withName("pay-" + blue).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ReplicaSet rs) {
                if (action == Action.MODIFIED && rs.getSpec().getReplicas() == 0 && blueScaledDown.isEmpty()) {
                    blueScaledDown.add(Instant.now());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            given.command("pay", EventType.COMMAND_PROMOTE);
            await().atMost(RolloutFixture.WAIT).until(() -> !blueScaledDown.isEmpty());
        }

        await().atMost(RolloutFixture.WAIT).until(() -> green.equals(selector("web-active")));
        Rollout done = given.awaitPhase("pay", "Healthy");
        assertThat(done.getStatus().stableRS).isEqualTo(green);
        await().atMost(RolloutFixture.WAIT).until(() -> replicas("pay", blue) == 0);
        assertThat(activeWrites).as("the active Service was written once, straight to green").containsExactly(green);

        Instant switched = Instant.parse(done.getStatus().blueGreen.switchedAt);
        Instant scaleDownAt = Instant.parse(done.getStatus().blueGreen.scaleDownAt);
        assertThat(scaleDownAt).isEqualTo(switched.plusSeconds(2));
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.events("pay").stream()
                .filter(e -> green.equals(e.revision())).map(RolloutStepEvent::getClass).map(Class::getSimpleName))
                .containsExactly("RevisionDetected", "RolloutPaused", "RolloutPromoted", "RolloutCompleted"));
        assertThat(given.events("pay", RevisionDetected.class)).allSatisfy(e -> assertThat(e.strategy()).isEqualTo("blueGreen"));
        assertThat(blueScaledDown.get(0)).as("blue is scaled down only once the delay after the switch passed")
                .isAfterOrEqualTo(scaleDownAt);
    }

    @Test
    void a_rollout_applied_before_its_services_goes_on_when_they_appear_not_at_the_next_resync() {
        // Given a Rollout created before the Services it names (one kubectl apply of a file that lists it first)
        Rollout late = rollout("late", true, null, null, 0);
        late.getSpec().strategy.blueGreen.activeService = "late-active";
        late.getSpec().strategy.blueGreen.previewService = "late-preview";
        given.create(late);
        assertThat(given.awaitPhase("late", "Degraded").getStatus().message)
                .contains("activeService 'late-active' does not exist", "previewService 'late-preview' does not exist");

        // When the Services are created
        given.services("late-active", "late-preview");

        // Then their own events reconcile it: the resync (sluice.controller.resync, 30 s) would come 0-30 s later
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(given.get("late").getStatus())
                .satisfies(s -> assertThat(s.phase).as(s.message).isEqualTo(dev.sluice.api.rollout.RolloutPhase.Healthy)));
        assertThat(given.get("late").getStatus().conditions).noneMatch(c -> "InvalidSpec".equals(c.type) && "True".equals(c.status));
    }

    @Test
    void a_failed_pre_promotion_analysis_leaves_blue_serving_and_removes_green() {
        String blue = healthyThenNewImage(rollout("cart", true, "smoke", null, 2));
        String green = TemplateHash.of(RolloutFixture.template("web:2"));

        AnalysisRequested request = given.awaitAnalysis("cart");
        assertThat(request.kind()).isEqualTo(AnalysisRequested.Kind.PRE_PROMOTION);
        assertThat(request.canaryService()).isEqualTo("web-preview");
        assertThat(request.canaryHash()).isEqualTo(green);
        given.verdict(request, AnalysisPhase.Failed, "error-rate", "0.31");

        Rollout aborted = given.awaitPhase("cart", "Degraded");
        assertThat(aborted.getStatus().message).contains("error-rate measured 0.31")
                .contains("active web-active stays on " + blue + ", preview removed");
        await().atMost(RolloutFixture.WAIT).untilAsserted(() -> assertThat(given.events("cart", RolloutAborted.class))
                .as("the event was acked by the broker before the status was written; the test's consumer may lag")
                .singleElement().satisfies(a -> assertThat(a.measuredValue()).isEqualTo("0.31")));
        await().atMost(RolloutFixture.WAIT).until(() -> replicas("cart", green) == 0);
        await().atMost(RolloutFixture.WAIT).until(() -> blue.equals(selector("web-preview")));
        assertThat(selector("web-active")).isEqualTo(blue);
        assertThat(activeWrites).as("the active Service was never written").isEmpty();
        assertThat(replicas("cart", blue)).isEqualTo(3);
        assertThat(given.get("cart").getStatus().stableRS).isEqualTo(blue);
    }

    @Test
    void a_failed_post_promotion_analysis_switches_the_active_service_back_to_blue_while_it_is_still_up() {
        String blue = healthyThenNewImage(rollout("api", true, null, "latency", 120));
        String green = TemplateHash.of(RolloutFixture.template("web:2"));

        AnalysisRequested request = given.awaitAnalysis("api");
        assertThat(request.kind()).isEqualTo(AnalysisRequested.Kind.POST_PROMOTION);
        assertThat(selector("web-active")).as("post-promotion analysis runs after the switch").isEqualTo(green);
        given.verdict(request, AnalysisPhase.Failed, "p99-latency", "870");

        Rollout aborted = given.awaitPhase("api", "Degraded");
        assertThat(aborted.getStatus().message).contains("metric p99-latency measured 870")
                .contains("switching active web-active back to " + blue + " (still up)");
        await().atMost(RolloutFixture.WAIT).until(() -> blue.equals(selector("web-active")));
        assertThat(activeWrites).as("one write to switch, one to switch back").containsExactly(green, blue);
        assertThat(replicas("api", blue)).as("blue was never scaled down").isEqualTo(3);
        await().atMost(RolloutFixture.WAIT).until(() -> replicas("api", green) == 0);
    }

    /** Creates the rollout, waits until its first revision is Healthy, watches the active Service, changes the image. */
    private String healthyThenNewImage(Rollout rollout) {
        given.create(rollout);
        String name = rollout.getMetadata().getName();
        String blue = given.awaitPhase(name, "Healthy").getStatus().stableRS;
        assertThat(selector("web-active")).isEqualTo(blue);
        activeWatch = client.services().inNamespace(given.namespace).withName("web-active").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service service) {
                if (action == Action.MODIFIED) {
                    activeWrites.add(service.getSpec().getSelector().get(TemplateHash.LABEL));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        given.setImage(name, "web:2");
        return blue;
    }

    /** Three replicas, one preview pod; optionally pre- and post-promotion analyses. */
    static Rollout rollout(String name, boolean autoPromotion, String preAnalysisTemplate, String postAnalysisTemplate,
            int scaleDownDelaySeconds) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        RolloutSpec spec = new RolloutSpec();
        spec.replicas = 3;
        spec.selector = new LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        spec.template = RolloutFixture.template("web:1");
        spec.strategy = new RolloutSpec.Strategy();
        BlueGreenStrategy bg = new BlueGreenStrategy();
        bg.activeService = "web-active";
        bg.previewService = "web-preview";
        bg.autoPromotionEnabled = autoPromotion;
        bg.previewReplicaCount = 1;
        bg.scaleDownDelaySeconds = scaleDownDelaySeconds;
        if (preAnalysisTemplate != null) {
            bg.prePromotionAnalysis = RolloutFixture.analysis(preAnalysisTemplate).analysis;
        }
        if (postAnalysisTemplate != null) {
            bg.postPromotionAnalysis = RolloutFixture.analysis(postAnalysisTemplate).analysis;
        }
        spec.strategy.blueGreen = bg;
        r.setSpec(spec);
        return r;
    }

    private String selector(String service) {
        return client.services().inNamespace(given.namespace).withName(service).get().getSpec().getSelector().get(TemplateHash.LABEL);
    }

    private int replicas(String rollout, String hash) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(given.namespace).withName(rollout + "-" + hash).get();
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

}
