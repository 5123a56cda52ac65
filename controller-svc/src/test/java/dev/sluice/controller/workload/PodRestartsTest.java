package dev.sluice.controller.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.rollout.PodRestart.PodFacts;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restartAt adapter reading pods from the fabric8 Kubernetes API test server in CRUD mode (evictions:
 * {@link PodEvictionTest}).
 */
@EnableKubernetesMockClient(crud = true)
class PodRestartsTest {
    static KubernetesClient client;

    @Test
    void reads_the_pods_of_the_rollouts_replica_sets_with_their_age_readiness_and_termination() {
        // Given two pods of web-aaa (one ready), one of web-bbb, and a pod with the same hash label owned by another rollout
        create(pod("web-aaa-1", "aaa", "web-aaa", true));
        create(pod("web-aaa-2", "aaa", "web-aaa", false));
        create(pod("web-bbb-1", "bbb", "web-bbb", true));
        create(pod("api-aaa-1", "aaa", "api-aaa", true));
        Instant created = Instant.now();

        // When the adapter reads the pods of revision aaa
        List<PodFacts> pods = new PodRestarts(client).pods(rollout(), List.of("aaa"));

        // Then it sees the two pods of web-aaa, with their readiness and creation time, and nothing else
        assertThat(pods).extracting(PodFacts::name, PodFacts::hash, PodFacts::ready, PodFacts::terminating)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("web-aaa-1", "aaa", true, false),
                        org.assertj.core.groups.Tuple.tuple("web-aaa-2", "aaa", false, false));
        assertThat(pods).allSatisfy(p -> assertThat(Duration.between(p.createdAt(), created).abs()).isLessThan(Duration.ofMinutes(1)));
        assertThat(new PodRestarts(client).pods(rollout(), List.of())).isEmpty();
    }

    private static void create(Pod pod) {
        client.pods().inNamespace("shop").resource(pod).create();
    }

    private static Pod pod(String name, String hash, String replicaSet, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .withLabels(Map.of(TemplateHash.LABEL, hash))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet).withUid(replicaSet)
                .withController(true).endOwnerReference().endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    static Rollout rollout() {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
        r.setSpec(new RolloutSpec());
        return r;
    }
}
