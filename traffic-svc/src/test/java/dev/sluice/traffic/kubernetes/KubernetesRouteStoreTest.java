package dev.sluice.traffic.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.traffic.router.Fixtures;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.shift.StoreException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter against the Kubernetes test server: optimistic concurrency and label queries. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class KubernetesRouteStoreTest {

    @Inject
    KubernetesRouteStore store;

    @KubernetesTestServer
    KubernetesServer server;

    final String namespace = "store-" + UUID.randomUUID().toString().substring(0, 8);

    ObjectNode traefikService(String name) {
        ObjectNode object = Fixtures.golden("traefik/weighted.input.yaml");
        ((ObjectNode) object.get("metadata")).put("namespace", namespace).put("name", name).remove("resourceVersion");
        return object;
    }

    @Test
    void an_update_with_a_stale_resource_version_is_a_conflict() {
        ObjectRef ref = new ObjectRef(RouteKind.TRAEFIK_SERVICE, namespace, "checkout");
        ObjectNode created = store.create(ref, traefikService("checkout"));
        ObjectNode first = created.deepCopy();
        ((ObjectNode) first.at("/spec/weighted/services/1")).put("weight", 10);
        store.update(ref, first);

        ObjectNode stale = created.deepCopy();
        ((ObjectNode) stale.at("/spec/weighted/services/1")).put("weight", 20);

        assertThatThrownBy(() -> store.update(ref, stale))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
        assertThat(store.get(ref).orElseThrow().at("/spec/weighted/services/1/weight").asInt()).isEqualTo(10);
    }

    @Test
    void a_missing_object_reads_as_empty() {
        assertThat(store.get(new ObjectRef(RouteKind.VIRTUAL_SERVICE, namespace, "nowhere"))).isEmpty();
    }

    @Test
    void lists_only_objects_stamped_for_the_rollout() {
        ObjectNode mine = traefikService("mine");
        ((ObjectNode) mine.get("metadata")).putObject("labels").put(Stamp.ROLLOUT_LABEL, "checkout");
        ObjectNode other = traefikService("other");
        ((ObjectNode) other.get("metadata")).putObject("labels").put(Stamp.ROLLOUT_LABEL, "payments");
        store.create(new ObjectRef(RouteKind.TRAEFIK_SERVICE, namespace, "mine"), mine);
        store.create(new ObjectRef(RouteKind.TRAEFIK_SERVICE, namespace, "other"), other);
        store.create(new ObjectRef(RouteKind.TRAEFIK_SERVICE, namespace, "unstamped"), traefikService("unstamped"));

        assertThat(store.listStamped(RouteKind.TRAEFIK_SERVICE, namespace, "checkout"))
                .extracting(o -> o.at("/metadata/name").asText()).containsExactly("mine");
        assertThat(store.listStamped(RouteKind.TRAEFIK_SERVICE, namespace, null))
                .extracting(o -> o.at("/metadata/name").asText()).containsExactlyInAnyOrder("mine", "other");
    }

    @Test
    void an_unavailable_api_is_a_transient_failure_and_a_forbidden_call_a_permanent_one() {
        ObjectRef flaky = new ObjectRef(RouteKind.VIRTUAL_SERVICE, namespace, "flaky");
        ObjectRef forbidden = new ObjectRef(RouteKind.VIRTUAL_SERVICE, namespace, "forbidden");
        String path = "/apis/networking.istio.io/v1/namespaces/" + namespace + "/virtualservices/";
        server.expect().get().withPath(path + "flaky").andReturn(503, "{}").once();
        server.expect().get().withPath(path + "forbidden").andReturn(403, "{}").once();

        assertThatThrownBy(() -> store.get(flaky))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.TRANSIENT));
        assertThatThrownBy(() -> store.get(forbidden))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.PERMANENT));
        assertThat(store.get(flaky)).as("the next call reaches the CRUD server again").isEmpty();
    }
}
