package dev.sluice.traffic.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.AppliedRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.Desired;
import dev.sluice.traffic.router.Fixtures;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Routers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficShifterTest {
    static final ObjectRef VS = new ObjectRef(RouteKind.VIRTUAL_SERVICE, "shop", "checkout");
    static final ObjectRef STABLE_INGRESS = new ObjectRef(RouteKind.INGRESS, "shop", "checkout");
    static final ObjectRef CANARY_INGRESS = new ObjectRef(RouteKind.INGRESS, "shop", "checkout-checkout-canary");
    static final ObjectRef TRAEFIK = new ObjectRef(RouteKind.TRAEFIK_SERVICE, "shop", "checkout");
    static final TrafficRouting MESH_AND_EDGE = TrafficRouting.of(
            new TrafficRouting.Istio(List.of(Fixtures.vs("checkout", List.of("primary"))), null))
            .withNginx(new TrafficRouting.Nginx("checkout", List.of(), null, Map.of()));

    InMemoryRouteStore store = new InMemoryRouteStore();
    List<Duration> sleeps = new ArrayList<>();
    TrafficShifter shifter = new TrafficShifter(
            Routers.all("rollouts-pod-template-hash"),
            store, new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(1)), sleeps::add);

    @BeforeEach
    void objects() {
        store.put(VS, Fixtures.golden("istio/header-route.input.yaml"));
        store.put(STABLE_INGRESS, Fixtures.golden("nginx/stable.input.yaml"));
    }

    Desired shift(TrafficRouting routing, int weight) {
        return Fixtures.desired(routing, weight);
    }

    @Test
    void applies_istio_and_nginx_together_and_reports_the_weights_read_back_with_resource_versions() {
        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Applied.class);
        ShiftOutcome.Applied applied = (ShiftOutcome.Applied) outcome;
        assertThat(applied.writes()).isEqualTo(2);
        assertThat(applied.applied()).containsExactly(
                new AppliedRoute("istio", "VirtualService", "shop", "checkout", "primary", 20,
                        store.object(VS).path("metadata").path("resourceVersion").asText()),
                new AppliedRoute("nginx", "Ingress", "shop", "checkout-checkout-canary", null, 20,
                        store.object(CANARY_INGRESS).path("metadata").path("resourceVersion").asText()));
        assertThat(store.object(CANARY_INGRESS).path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/canary-weight").asText())
                .isEqualTo("20");
    }

    @Test
    void an_unknown_plugin_fails_the_shift_without_retries_naming_the_known_plugins_and_writes_nothing() {
        TrafficRouting routing = MESH_AND_EDGE.withPlugin("nosuch-mesh", dev.sluice.events.Json.mapper().createObjectNode().put("route", "web"));
        JsonNode before = store.object(VS).deepCopy();

        ShiftOutcome outcome = shifter.shift(shift(routing, 20), Fixtures.UID, 1);

        assertThat(outcome).isEqualTo(new ShiftOutcome.Failed("plugins", null,
                "routing.plugins names an unknown plugin 'nosuch-mesh'; traffic-svc knows smi", false));
        assertThat(sleeps).isEmpty();
        assertThat(store.object(VS)).isEqualTo(before);
        assertThat(store.get(CANARY_INGRESS)).isEmpty();
    }

    @Test
    void the_smi_plugin_creates_its_traffic_split_through_the_store() {
        ShiftOutcome outcome = shifter.shift(shift(Fixtures.smiPlugin(null, "checkout-split"), 40), Fixtures.UID, 1);

        ObjectRef split = new ObjectRef(RouteKind.TRAFFIC_SPLIT, "shop", "checkout-split");
        assertThat(outcome).isInstanceOfSatisfying(ShiftOutcome.Applied.class, a -> assertThat(a.written()).containsExactly(split));
        assertThat(store.object(split).path("spec").path("service").asText()).isEqualTo("checkout-stable");
        assertThat(store.object(split).path("spec").path("backends").get(0).path("weight").asInt()).isEqualTo(40);
    }

    @Test
    void an_nginx_mirror_route_annotates_the_stable_ingress_and_its_removal_cleans_it_while_managedRoutes_is_set() {
        TrafficRouting routing = Fixtures.managed(TrafficRouting.of(new TrafficRouting.Nginx("checkout", List.of(), null, Map.of())),
                "mirror-all");
        MirrorRoute mirror = new MirrorRoute("mirror-all", List.of(new RouteMatch(null, null, Map.of())), null);

        ShiftOutcome mirrored = shifter.shift(Fixtures.with(shift(routing, 0), List.of(), List.of(mirror), null), Fixtures.UID, 1);
        ShiftOutcome removed = shifter.shift(shift(routing, 0), Fixtures.UID, 2);

        assertThat(mirrored).isInstanceOfSatisfying(ShiftOutcome.Applied.class, a -> assertThat(a.written())
                .containsExactly(CANARY_INGRESS, STABLE_INGRESS));
        assertThat(removed).isInstanceOfSatisfying(ShiftOutcome.Applied.class, a -> assertThat(a.written()).contains(STABLE_INGRESS));
        JsonNode annotations = store.object(STABLE_INGRESS).path("metadata").path("annotations");
        assertThat(annotations.has("nginx.ingress.kubernetes.io/mirror-target")).isFalse();
        assertThat(annotations.path("nginx.ingress.kubernetes.io/rewrite-target").asText()).isEqualTo("/");
    }

    @Test
    void an_smi_traffic_split_is_created_on_the_first_shift_and_updated_on_the_next() {
        TrafficRouting smi = Fixtures.smi("checkout", null);
        ObjectRef split = new ObjectRef(RouteKind.TRAFFIC_SPLIT, "shop", "checkout");

        ShiftOutcome first = shifter.shift(shift(smi, 10), Fixtures.UID, 1);
        ShiftOutcome second = shifter.shift(shift(smi, 60), Fixtures.UID, 2);

        assertThat(first).isInstanceOfSatisfying(ShiftOutcome.Applied.class, a -> assertThat(a.applied())
                .extracting(AppliedRoute::router, AppliedRoute::kind, AppliedRoute::canaryWeight).containsExactly(tuple("smi", "TrafficSplit", 10)));
        assertThat(second).isInstanceOfSatisfying(ShiftOutcome.Applied.class, a -> assertThat(a.applied())
                .extracting(AppliedRoute::canaryWeight).containsExactly(60));
        assertThat(store.creates).isEqualTo(1);
        assertThat(store.object(split).path("spec").path("backends").toString())
                .isEqualTo("[{\"service\":\"checkout-canary\",\"weight\":60},{\"service\":\"checkout-stable\",\"weight\":40}]");
    }

    @Test
    void writes_nothing_when_the_objects_already_hold_the_weights() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        int writesBefore = store.creates + store.updates;

        ShiftOutcome again = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 2);

        assertThat(again).isInstanceOf(ShiftOutcome.Applied.class);
        assertThat(((ShiftOutcome.Applied) again).writes()).isZero();
        assertThat(store.creates + store.updates).isEqualTo(writesBefore);
    }

    @Test
    void ignores_a_request_older_than_the_newest_applied_sequence() {
        shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 5);

        ShiftOutcome stale = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 4);

        assertThat(stale).isEqualTo(new ShiftOutcome.Stale(5, "VirtualService shop/checkout"));
        assertThat(store.object(VS).toString()).contains("\"weight\":40");
    }

    @Test
    void refuses_the_same_sequence_with_a_different_desired_state_and_keeps_the_first_writers_weight() {
        shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 5);
        int writesBefore = store.creates + store.updates;

        // a second controller replica that lost its ownership without knowing it sends its own step under the same sequence
        ShiftOutcome contested = shifter.shift(shift(MESH_AND_EDGE, 60), Fixtures.UID, 5);

        assertThat(contested).isEqualTo(new ShiftOutcome.Contested(5, "VirtualService shop/checkout"));
        assertThat(store.object(VS).toString()).contains("\"weight\":40");
        assertThat(store.creates + store.updates).isEqualTo(writesBefore);
        assertThat(shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 5)).as("the same request again is still applied")
                .isInstanceOf(ShiftOutcome.Applied.class);
    }

    @Test
    void a_recreated_rollout_with_a_new_uid_starts_its_sequence_again() {
        shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 5);

        ShiftOutcome fresh = shifter.shift(shift(MESH_AND_EDGE, 10), "another-uid", 0);

        assertThat(fresh).isInstanceOf(ShiftOutcome.Applied.class);
    }

    @Test
    void fails_before_writing_anything_when_one_routers_object_is_missing() {
        TrafficRouting withTraefik = TrafficRouting.of(MESH_AND_EDGE.istio()).withTraefik(new TrafficRouting.Traefik("checkout"));
        ObjectNode before = store.object(VS);

        ShiftOutcome outcome = shifter.shift(shift(withTraefik, 20), Fixtures.UID, 1);

        assertThat(outcome).isEqualTo(new ShiftOutcome.Failed("traefik", "TraefikService shop/checkout",
                "TraefikService shop/checkout does not exist", false));
        assertThat(store.object(VS)).isEqualTo(before);
    }

    @Test
    void a_missing_stable_ingress_is_named_as_the_object_at_fault() {
        TrafficRouting routing = TrafficRouting.of(new TrafficRouting.Nginx("web", null, null, null));

        ShiftOutcome outcome = shifter.shift(shift(routing, 20), Fixtures.UID, 1);

        assertThat(outcome).isEqualTo(new ShiftOutcome.Failed("nginx", "Ingress shop/web", "Ingress shop/web does not exist", false));
    }

    @Test
    void rereads_and_reapplies_on_a_conflict_keeping_the_other_writers_change() {
        store.beforeNextUpdate(s -> {
            ObjectNode edited = s.object(VS);
            ((ObjectNode) edited.get("spec")).putArray("gateways").add("added-by-someone-else");
            s.put(VS, edited);
        });

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 30), Fixtures.UID, 1);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Applied.class);
        assertThat(store.object(VS).path("spec").path("gateways").get(0).asText()).isEqualTo("added-by-someone-else");
        assertThat(store.object(VS).toString()).contains("\"weight\":30");
    }

    @Test
    void the_next_shift_plans_from_the_answer_to_the_last_write_without_reading_the_objects_again() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        store.reads.clear();

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 2);

        assertThat(((ShiftOutcome.Applied) outcome).writes()).isEqualTo(2);
        assertThat(store.reads).as("only the stable Ingress, the canary Ingress's template, is read").containsExactly(STABLE_INGRESS);
        assertThat(store.object(VS).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(40);
        assertThat(store.object(CANARY_INGRESS).at("/metadata/annotations").path("nginx.ingress.kubernetes.io/canary-weight").asText())
                .isEqualTo("40");
    }

    @Test
    void an_object_changed_since_our_last_write_conflicts_and_is_read_again_keeping_the_other_writers_change() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        ObjectNode edited = store.object(VS);
        ((ObjectNode) edited.get("spec")).putArray("gateways").add("added-by-someone-else");
        store.put(VS, edited);
        store.reads.clear();

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 2);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Applied.class);
        assertThat(store.reads).contains(VS);
        assertThat(store.object(VS).path("spec").path("gateways").get(0).asText()).isEqualTo("added-by-someone-else");
        assertThat(store.object(VS).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(40);
    }

    @Test
    void a_drift_check_compares_with_the_objects_it_just_listed_without_reading_them_again() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        Map<ObjectRef, ObjectNode> listed = Map.of(VS, store.object(VS), CANARY_INGRESS, store.object(CANARY_INGRESS));
        store.reads.clear();

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1, listed);

        assertThat(((ShiftOutcome.Applied) outcome).writes()).isZero();
        assertThat(store.reads).as("only the canary Ingress's template, which no list holds").containsExactly(STABLE_INGRESS);
    }

    @Test
    void whether_the_objects_hold_the_desired_state_is_judged_on_the_listed_objects_without_writing() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        Map<ObjectRef, ObjectNode> listed = Map.of(VS, store.object(VS), CANARY_INGRESS, store.object(CANARY_INGRESS));
        store.reads.clear();

        assertThat(shifter.holds(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1, listed)).isTrue();
        assertThat(store.reads).containsExactly(STABLE_INGRESS);

        ObjectNode drifted = store.object(VS);
        ((ObjectNode) drifted.at("/spec/http/0/route/1")).put("weight", 0);
        ObjectNode before = store.object(VS);
        assertThat(shifter.holds(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1, Map.of(VS, drifted))).isFalse();
        assertThat(store.object(VS)).as("nothing written").isEqualTo(before);
        assertThat(shifter.holds(shift(MESH_AND_EDGE, 20), Fixtures.UID, 0, listed)).as("the objects hold a newer sequence").isFalse();
    }

    @Test
    void a_listed_object_that_drifted_is_restored_and_one_changed_since_the_list_conflicts_and_is_read_again() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        handEditVirtualService(100, 0);
        Map<ObjectRef, ObjectNode> listed = Map.of(VS, store.object(VS));
        ObjectNode edited = store.object(VS); // after the list, someone else adds a gateway
        ((ObjectNode) edited.get("spec")).putArray("gateways").add("added-by-someone-else");
        store.put(VS, edited);
        store.reads.clear();

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1, listed);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Applied.class);
        assertThat(store.reads).contains(VS);
        assertThat(store.object(VS).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(20);
        assertThat(store.object(VS).path("spec").path("gateways").get(0).asText()).isEqualTo("added-by-someone-else");
    }

    @Test
    void beyond_its_capacity_the_shifter_forgets_the_objects_written_longest_ago() {
        TrafficShifter small = new TrafficShifter(Routers.all("rollouts-pod-template-hash"), store,
                new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(1)), sleeps::add, 1);
        small.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1); // writes the VirtualService, then the canary Ingress
        store.reads.clear();

        small.shift(shift(MESH_AND_EDGE, 40), Fixtures.UID, 2);

        assertThat(store.reads).containsExactly(VS, STABLE_INGRESS);
    }

    @Test
    void retries_transient_api_errors_with_growing_waits() {
        store.failNext(StoreException.Kind.TRANSIENT, 2);

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Applied.class);
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void reports_a_retryable_failure_when_the_api_stays_unavailable() {
        store.failNext(StoreException.Kind.TRANSIENT, 3);

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);

        assertThat(outcome).isInstanceOf(ShiftOutcome.Failed.class);
        ShiftOutcome.Failed failed = (ShiftOutcome.Failed) outcome;
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.object()).isEqualTo("VirtualService shop/checkout");
        assertThat(failed.reason()).isEqualTo("reading VirtualService shop/checkout failed 3 times, the Kubernetes API is"
                + " unavailable: HTTP 503 service unavailable");
    }

    @Test
    void restores_a_hand_edited_weight_when_the_same_state_is_applied_again() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        handEditVirtualService(50, 50);

        ShiftOutcome outcome = shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);

        assertThat(((ShiftOutcome.Applied) outcome).writes()).isEqualTo(1);
        assertThat(store.object(VS).at("/spec/http/0/route/1/weight").asInt()).isEqualTo(20);
    }

    @Test
    void creates_one_canary_ingress_per_stable_ingress_under_the_configured_prefix() {
        ObjectNode second = Fixtures.golden("nginx/stable.input.yaml");
        ((ObjectNode) second.get("metadata")).put("name", "checkout-internal");
        ObjectRef secondRef = new ObjectRef(RouteKind.INGRESS, "shop", "checkout-internal");
        store.put(secondRef, second);
        TrafficRouting routing = TrafficRouting.of(new TrafficRouting.Nginx(null, List.of("checkout", "checkout-internal"),
                "custom.nginx.example", Map.of("upstream-hash-by", "$request_uri", "custom.nginx.example/affinity-canary-behavior", "sticky")));

        ShiftOutcome outcome = shifter.shift(shift(routing, 35), Fixtures.UID, 1);

        assertThat(((ShiftOutcome.Applied) outcome).written()).containsExactly(CANARY_INGRESS,
                new ObjectRef(RouteKind.INGRESS, "shop", "checkout-checkout-internal-canary"));
        for (ObjectRef canary : ((ShiftOutcome.Applied) outcome).written()) {
            ObjectNode annotations = (ObjectNode) store.object(canary).at("/metadata/annotations");
            assertThat(annotations.path("custom.nginx.example/canary").asText()).isEqualTo("true");
            assertThat(annotations.path("custom.nginx.example/canary-weight").asText()).isEqualTo("35");
            assertThat(annotations.path("custom.nginx.example/affinity-canary-behavior").asText()).isEqualTo("sticky");
            assertThat(annotations.path("custom.nginx.example/upstream-hash-by").asText()).isEqualTo("$request_uri");
            assertThat(annotations.has("nginx.ingress.kubernetes.io/canary")).isFalse();
        }
    }

    @Test
    void refuses_to_take_over_an_object_another_rollout_manages() {
        shifter.shift(shift(MESH_AND_EDGE, 20), Fixtures.UID, 1);
        Desired other = new Desired("shop/payments", 50, MESH_AND_EDGE, "checkout-stable", "checkout-canary", null, null, List.of());

        ShiftOutcome outcome = shifter.shift(other, "uid-2", 1);

        assertThat(outcome).isEqualTo(new ShiftOutcome.Failed("istio", "VirtualService shop/checkout",
                "VirtualService shop/checkout is managed by rollout shop/checkout, not shop/payments", false));
    }

    /** Someone sets the VirtualService's stable and canary weights by hand. */
    private void handEditVirtualService(int stable, int canary) {
        ObjectNode edited = store.object(VS);
        ((ObjectNode) edited.at("/spec/http/0/route/0")).put("weight", stable);
        ((ObjectNode) edited.at("/spec/http/0/route/1")).put("weight", canary);
        store.put(VS, edited);
    }
}
