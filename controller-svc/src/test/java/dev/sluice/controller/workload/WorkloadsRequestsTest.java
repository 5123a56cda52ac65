package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scale or a Service switch is one request to the API server (counted on the test server in CRUD mode). fabric8's
 * {@code withName(..).patch(..)} sent a GET before each PATCH; in the 1,000-rollout benchmark those GETs were 1.6 of
 * the 10 requests per step transition.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadsRequestsTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private final Workloads workloads = new Workloads(client, new ClusterCache());

    @BeforeEach
    void objects() throws InterruptedException {
        client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata().withName("web-aaa")
                .endMetadata().withNewSpec().withReplicas(2).endSpec().build()).createOr(r -> r.update());
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web-canary").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).endSpec().build()).createOr(r -> r.update());
        requests(); // what the set-up sent
    }

    @Test
    void scaling_an_existing_replica_set_is_one_patch() throws InterruptedException {
        workloads.scale(rollout(), null, "aaa", 5);

        assertThat(requests()).containsExactly("PATCH /apis/apps/v1/namespaces/shop/replicasets/web-aaa");
        assertThat(client.apps().replicaSets().inNamespace("shop").withName("web-aaa").get().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void a_missing_replica_set_is_told_by_the_patch_itself_and_then_created() throws InterruptedException {
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("web").withImage("web:2").endContainer().endSpec().build();

        workloads.scale(rollout(), template, "bbb", 1);

        assertThat(requests()).containsExactly("PATCH /apis/apps/v1/namespaces/shop/replicasets/web-bbb",
                "POST /apis/apps/v1/namespaces/shop/replicasets");
        assertThat(client.apps().replicaSets().inNamespace("shop").withName("web-bbb").get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void pointing_a_service_at_a_revision_is_one_patch_after_the_read_it_decides_on() throws InterruptedException {
        // without an informer cache the Service is read once to see whether it already selects the revision
        workloads.pointService(rollout(), "web-canary", "bbb");

        assertThat(requests()).containsExactly("GET /api/v1/namespaces/shop/services/web-canary",
                "PATCH /api/v1/namespaces/shop/services/web-canary");
        assertThat(client.services().inNamespace("shop").withName("web-canary").get().getSpec().getSelector())
                .containsEntry("rollouts-pod-template-hash", "bbb").containsEntry("app", "web");
    }

    private static List<String> requests() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null; ) {
            seen.add(r.getMethod() + " " + r.getPath());
        }
        return seen;
    }

    private static Rollout rollout() {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid("u1").build());
        r.setSpec(new dev.sluice.api.rollout.RolloutSpec());
        r.getSpec().selector = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().addToMatchLabels("app", "web").build();
        return r;
    }
}
