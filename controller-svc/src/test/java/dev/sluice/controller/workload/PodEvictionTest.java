package dev.sluice.controller.workload;

import static dev.sluice.controller.workload.PodRestartsTest.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The restartAt adapter's evictions against the fabric8 Kubernetes API test server. Its CRUD mode has no Eviction
 * subresource (a POST to {@code pods/<name>/eviction} is stored as an object named like the pod and answers 409 when
 * the pod exists) and ignores expectations, so this test runs it in expectation mode: the answers a real API server
 * gives — 201, 429 from a PodDisruptionBudget, 404 — are set up, and the request the adapter sent is checked.
 */
@EnableKubernetesMockClient
class PodEvictionTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @Test
    void an_accepted_eviction_is_evicted_and_posts_a_policy_v1_eviction_for_the_pod() throws Exception {
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/web-aaa-1/eviction").andReturn(201, "{}").once();

        assertThat(new PodRestarts(client).evict(rollout(), "web-aaa-1")).isEqualTo(PodRestarts.Eviction.EVICTED);

        RecordedRequest request = lastEviction();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUtf8Body()).contains("\"apiVersion\":\"policy/v1\"").contains("\"kind\":\"Eviction\"")
                .contains("\"name\":\"web-aaa-1\"").contains("\"namespace\":\"shop\"");
    }

    @Test
    void a_429_from_a_disruption_budget_is_refused_and_a_missing_pod_is_gone() {
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/web-aaa-2/eviction")
                .andReturn(429, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":429,"
                        + "\"reason\":\"TooManyRequests\",\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"}")
                .once();
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/web-aaa-3/eviction").andReturn(404, "{}").once();
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/web-aaa-4/eviction").andReturn(500, "{}").once();
        PodRestarts restarts = new PodRestarts(client);

        assertThat(restarts.evict(rollout(), "web-aaa-2")).isEqualTo(PodRestarts.Eviction.REFUSED);
        assertThat(restarts.evict(rollout(), "web-aaa-3")).isEqualTo(PodRestarts.Eviction.GONE);
        assertThatThrownBy(() -> restarts.evict(rollout(), "web-aaa-4")).isInstanceOf(KubernetesClientException.class);
    }

    private static RecordedRequest lastEviction() throws InterruptedException {
        RecordedRequest last = null;
        for (int i = server.getRequestCount(); i > 0; i--) {
            RecordedRequest r = server.takeRequest();
            if (r.getPath().endsWith("/eviction")) {
                last = r;
            }
        }
        assertThat(last).as("an eviction request").isNotNull();
        return last;
    }

}
