package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.CanaryStrategy;
import dev.sluice.api.rollout.PodPlacement;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ephemeral metadata adapter against the fabric8 Kubernetes API test server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class PodRolesTest {
    static KubernetesClient client;

    @Test
    void canary_pods_get_the_canary_role_and_at_promotion_swap_to_the_stable_role_without_being_replaced() {
        // Given stable revision aaa and canary revision bbb, each with a ReplicaSet and a pod
        Rollout rollout = rollout();
        List<ReplicaSet> replicaSets = List.of(replicaSet("aaa"), replicaSet("bbb"));
        replicaSets.forEach(rs -> client.apps().replicaSets().inNamespace("shop").resource(rs).create());
        Pod canaryPod = client.pods().inNamespace("shop").resource(pod("bbb")).create();
        client.pods().inNamespace("shop").resource(pod("aaa")).create();
        PodRoles roles = new PodRoles(client);

        // When the canary is rolling out
        roles.sync(rollout, replicaSets, "aaa", "bbb");

        // Then each pod and pod template carries its role
        assertThat(labels("web-bbb-pod")).containsEntry("role", "canary").containsEntry("app", "web").doesNotContainKey("tier");
        assertThat(labels("web-aaa-pod")).containsEntry("role", "stable").containsEntry("tier", "gold");
        assertThat(client.pods().inNamespace("shop").withName("web-aaa-pod").get().getMetadata().getAnnotations())
                .containsEntry("oncall", "web");
        assertThat(client.apps().replicaSets().inNamespace("shop").withName("web-bbb").get().getSpec().getTemplate().getMetadata()
                .getLabels()).containsEntry("role", "canary");

        // When bbb is promoted
        List<ReplicaSet> now = client.apps().replicaSets().inNamespace("shop").list().getItems();
        roles.sync(rollout, now, "bbb", "bbb");

        // Then the same pod (same uid, not recreated) now carries the stable role and no canary value
        Pod promoted = client.pods().inNamespace("shop").withName("web-bbb-pod").get();
        assertThat(promoted.getMetadata().getUid()).isNotNull().isEqualTo(canaryPod.getMetadata().getUid());
        assertThat(promoted.getMetadata().getLabels()).containsEntry("role", "stable").containsEntry("tier", "gold");
        assertThat(promoted.getMetadata().getAnnotations()).containsEntry("oncall", "web");
    }

    private static Map<String, String> labels(String pod) {
        return client.pods().inNamespace("shop").withName(pod).get().getMetadata().getLabels();
    }

    private static Rollout rollout() {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
        r.setSpec(new RolloutSpec());
        r.getSpec().strategy = new RolloutSpec.Strategy();
        r.getSpec().strategy.canary = new CanaryStrategy();
        r.getSpec().strategy.canary.canaryMetadata = metadata(Map.of("role", "canary"), Map.of());
        r.getSpec().strategy.canary.stableMetadata = metadata(Map.of("role", "stable", "tier", "gold"), Map.of("oncall", "web"));
        return r;
    }

    private static PodPlacement.PodMetadata metadata(Map<String, String> labels, Map<String, String> annotations) {
        PodPlacement.PodMetadata m = new PodPlacement.PodMetadata();
        m.labels = labels;
        m.annotations = annotations;
        return m;
    }

    private static ReplicaSet replicaSet(String hash) {
        return new ReplicaSetBuilder().withNewMetadata().withName("web-" + hash).withNamespace("shop").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels(TemplateHash.LABEL, hash).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels(TemplateHash.LABEL, hash).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web").endContainer().endSpec().endTemplate()
                .endSpec().build();
    }

    private static Pod pod(String hash) {
        return new PodBuilder().withNewMetadata().withName("web-" + hash + "-pod").withNamespace("shop")
                .addToLabels("app", "web").addToLabels(TemplateHash.LABEL, hash)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-" + hash).withUid(hash)
                .endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web").endContainer().endSpec().build();
    }
}
