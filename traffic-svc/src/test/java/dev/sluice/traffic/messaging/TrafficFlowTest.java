package dev.sluice.traffic.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.events.AppliedRoute;
import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import dev.sluice.events.Json;
import dev.sluice.events.SluiceEvent;
import dev.sluice.events.Topics;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftFailed;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.traffic.router.Fixtures;
import dev.sluice.traffic.router.Stamp;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * traffic-svc end to end against the real broker and the Kubernetes test server (CRUD): a shift request on
 * {@code sluice.rollout.steps} changes the route objects and {@code traffic.shifted} reports the weights read
 * back; failures, stale requests, drift and bad input behave as the issue says.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TrafficFlowTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @KubernetesTestServer
    KubernetesServer server;

    EventBus bus;
    ConsumerTask<String, byte[]> status;
    String namespace;
    String rollout;
    /** The uid of the Rollout every request names: it exists, so the drift check (every second here) keeps its routes. */
    String uid;

    @BeforeEach
    void start() {
        bus = EventBus.shared();
        status = bus.watch(Topics.TRAFFIC_STATUS);
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        rollout = namespace + "/checkout";
        uid = createRollout();
    }

    @AfterEach
    void stop() {
        status.stop();
        bus.close();
    }

    KubernetesClient client() {
        return server.getClient();
    }

    static ResourceDefinitionContext context(String apiVersion, String kind, String plural) {
        String[] gv = apiVersion.split("/");
        return new ResourceDefinitionContext.Builder().withGroup(gv[0]).withVersion(gv[1]).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    static final ResourceDefinitionContext VS = context("networking.istio.io/v1", "VirtualService", "virtualservices");
    static final ResourceDefinitionContext INGRESS = context("networking.k8s.io/v1", "Ingress", "ingresses");
    static final ResourceDefinitionContext HTTP_ROUTE = context("gateway.networking.k8s.io/v1", "HTTPRoute", "httproutes");
    static final ResourceDefinitionContext TRAEFIK = context("traefik.io/v1alpha1", "TraefikService", "traefikservices");

    /** Creates a golden input object in this test's namespace. */
    void create(ResourceDefinitionContext context, String golden) {
        ObjectNode object = Fixtures.golden(golden);
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.put("namespace", namespace);
        metadata.remove("resourceVersion");
        GenericKubernetesResource resource = client().getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
        client().genericKubernetesResources(context).inNamespace(namespace).resource(resource).create();
    }

    ObjectNode get(ResourceDefinitionContext context, String name) {
        GenericKubernetesResource found = client().genericKubernetesResources(context).inNamespace(namespace).withName(name).get();
        return found == null ? null : client().getKubernetesSerialization().convertValue(found, ObjectNode.class);
    }

    TrafficShiftRequested request(long sequence, int weight, TrafficRouting routing, HeaderRoute... headers) {
        return new TrafficShiftRequested(rollout, uid, "7d9f5c6b8", 1, sequence, Instant.now(), weight, routing,
                "checkout-stable", "checkout-canary", "5b4c3d2e1", "7d9f5c6b8", List.of(headers));
    }

    static TrafficRouting istio(String virtualService) {
        return Fixtures.istio(Fixtures.vs(virtualService, List.of("primary")));
    }

    List<SluiceEvent> statusEvents() {
        return status.getRecords().stream().filter(r -> rollout.equals(r.key())).map(TrafficFlowTest::decode).toList();
    }

    static SluiceEvent decode(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        Decoded decoded = EventCodec.decode(headers, record.value());
        assertThat(decoded).as("what traffic-svc publishes is a valid event").isInstanceOf(Decoded.Event.class);
        return ((Decoded.Event) decoded).data();
    }

    TrafficShifted awaitShifted(long sequence) {
        return await().atMost(WAIT).until(() -> statusEvents().stream()
                .filter(e -> e instanceof TrafficShifted s && s.sequence() == sequence)
                .map(TrafficShifted.class::cast).findFirst().orElse(null), s -> s != null);
    }

    static int weightOf(ObjectNode vs, int route) {
        return vs.at("/spec/http/0/route/" + route + "/weight").asInt(-1);
    }

    @Test
    void istio_shift_rewrites_the_virtual_service_and_reports_the_weight_read_back() {
        create(VS, "istio/header-route.input.yaml");

        bus.publish(request(1, 20, istio("checkout")));

        TrafficShifted shifted = awaitShifted(1);
        ObjectNode vs = get(VS, "checkout");
        assertThat(weightOf(vs, 0)).isEqualTo(80);
        assertThat(weightOf(vs, 1)).isEqualTo(20);
        assertThat(shifted.canaryWeight()).isEqualTo(20);
        assertThat(shifted.applied()).containsExactly(new AppliedRoute("istio", "VirtualService", namespace, "checkout",
                "primary", 20, vs.at("/metadata/resourceVersion").asText()));
        given().get("/q/metrics").then().body(containsString("sluice_traffic_shift_duration_seconds_count"));
    }

    @Test
    void header_and_mirror_routes_go_ahead_of_the_weighted_route_and_a_request_without_them_removes_them() {
        create(VS, "istio/header-route.input.yaml");
        TrafficRouting routing = Fixtures.managed(istio("checkout"), "beta", "shadow");
        TrafficShiftRequested base = request(1, 0, routing);
        TrafficShiftRequested withRoutes = new TrafficShiftRequested(base.rolloutId(), base.rolloutUid(), base.revision(),
                base.stepIndex(), 1, base.time(), 0, routing, base.stableService(), base.canaryService(), base.stableHash(),
                base.canaryHash(), List.of(),
                List.of(new MatchRoute("beta", List.of(new RouteMatch(null, null, Map.of("x-canary", StringMatch.exact("beta")))))),
                List.of(new MirrorRoute("shadow", List.of(new RouteMatch(StringMatch.exact("GET"), null, Map.of())), 50)), null);

        bus.publish(withRoutes);
        awaitShifted(1);
        ObjectNode vs = get(VS, "checkout");
        assertThat(vs.at("/spec/http").findValuesAsText("name")).containsExactly("beta", "shadow", "primary");
        assertThat(vs.at("/spec/http/0/match/0/headers/x-canary/exact").asText()).isEqualTo("beta");
        assertThat(vs.at("/spec/http/1/mirror/host").asText()).isEqualTo("checkout-canary");
        assertThat(vs.at("/spec/http/1/mirrorPercentage/value").asInt()).isEqualTo(50);

        bus.publish(request(2, 0, routing));
        awaitShifted(2);
        assertThat(get(VS, "checkout").at("/spec/http").findValuesAsText("name")).containsExactly("primary");
    }

    @Test
    void several_routers_in_one_request_are_applied_together() {
        create(VS, "istio/header-route.input.yaml");
        create(INGRESS, "nginx/stable.input.yaml");
        create(HTTP_ROUTE, "gatewayapi/two-rules.input.yaml");
        create(TRAEFIK, "traefik/weighted.input.yaml");
        TrafficRouting all = TrafficRouting.of(new TrafficRouting.Istio(List.of(Fixtures.vs("checkout", List.of("primary"))), null))
                .withNginx(new TrafficRouting.Nginx("checkout", List.of(), null, Map.of()))
                .withGatewayAPI(new TrafficRouting.GatewayApi(List.of("checkout"), List.of(), List.of("api", "web")))
                .withTraefik(new TrafficRouting.Traefik("checkout"));

        bus.publish(request(1, 30, all));

        TrafficShifted shifted = awaitShifted(1);
        assertThat(shifted.applied()).extracting(a -> a.router() + " " + a.kind() + " " + a.name() + " " + a.route() + " " + a.canaryWeight())
                .containsExactly(
                        "istio VirtualService checkout primary 30",
                        "nginx Ingress checkout-checkout-canary null 30",
                        "gatewayAPI HTTPRoute checkout api 30",
                        "gatewayAPI HTTPRoute checkout web 30",
                        "traefik TraefikService checkout null 30");
        assertThat(get(INGRESS, "checkout-checkout-canary").at("/metadata/annotations")
                .path("nginx.ingress.kubernetes.io/canary-weight").asText()).isEqualTo("30");
        assertThat(get(HTTP_ROUTE, "checkout").at("/spec/rules/1/backendRefs/1/weight").asInt()).isEqualTo(30);
        assertThat(get(TRAEFIK, "checkout").at("/spec/weighted/services/0/weight").asInt()).isEqualTo(70);
        assertThat(get(INGRESS, "checkout").at("/metadata/annotations").has("sluice.dev/rollout"))
                .as("the stable Ingress is never written").isFalse();

        given().get("/api/v1/traffic/" + rollout).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("test-token").get("/api/v1/traffic/" + rollout).then().statusCode(200)
                .body("desiredCanaryWeight", equalTo(30))
                .body("inSync", equalTo(true))
                .body("routes.size()", equalTo(5))
                .body("routes[0].resourceVersion", equalTo(get(VS, "checkout").at("/metadata/resourceVersion").asText()));
    }

    @Test
    void a_missing_virtual_service_is_reported_as_a_failed_shift_naming_it() {
        bus.publish(request(1, 20, istio("nowhere")));

        TrafficShiftFailed failed = await().atMost(WAIT).until(() -> statusEvents().stream()
                .filter(TrafficShiftFailed.class::isInstance).map(TrafficShiftFailed.class::cast).findFirst().orElse(null), f -> f != null);
        assertThat(failed.router()).isEqualTo("istio");
        assertThat(failed.object()).isEqualTo("VirtualService " + namespace + "/nowhere");
        assertThat(failed.reason()).isEqualTo("VirtualService " + namespace + "/nowhere does not exist");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.sequence()).isEqualTo(1);
    }

    @Test
    void a_request_older_than_the_newest_applied_is_ignored() {
        create(VS, "istio/header-route.input.yaml");
        bus.publish(request(5, 40, istio("checkout")));
        awaitShifted(5);

        bus.publish(request(4, 10, istio("checkout")));
        bus.publish(request(6, 50, istio("checkout")));

        awaitShifted(6);
        assertThat(statusEvents()).extracting(e -> ((TrafficShifted) e).sequence()).containsExactly(5L, 6L);
        assertThat(weightOf(get(VS, "checkout"), 1)).isEqualTo(50);
    }

    @Test
    void a_hand_edited_weight_is_restored_by_the_drift_check() {
        create(VS, "istio/header-route.input.yaml");
        bus.publish(request(1, 20, istio("checkout")));
        awaitShifted(1);

        ObjectNode edited = get(VS, "checkout");
        ((ObjectNode) edited.at("/spec/http/0/route/0")).put("weight", 0);
        ((ObjectNode) edited.at("/spec/http/0/route/1")).put("weight", 100);
        client().genericKubernetesResources(VS).inNamespace(namespace)
                .resource(client().getKubernetesSerialization().convertValue(edited, GenericKubernetesResource.class)).update();

        await().atMost(WAIT).untilAsserted(() -> assertThat(weightOf(get(VS, "checkout"), 1)).isEqualTo(20));
        assertThat(weightOf(get(VS, "checkout"), 0)).isEqualTo(80);
        given().get("/q/metrics").then().body(containsString("sluice_traffic_drift_restored_total"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client().v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(event -> {
                    assertThat(event.getReason()).isEqualTo("TrafficDriftRestored");
                    assertThat(event.getInvolvedObject().getKind() + " " + event.getInvolvedObject().getName()).isEqualTo("VirtualService checkout");
                    assertThat(event.getMessage()).contains(rollout).contains("20%");
                }));
    }

    @Test
    void the_drift_check_returns_a_deleted_rollouts_routes_to_stable_and_removes_the_stamps() {
        rolloutAt20Percent();
        assertThat(weightOf(get(VS, "checkout"), 1)).isEqualTo(20);

        client().resources(Rollout.class).inNamespace(namespace).withName("checkout").delete();

        await().atMost(WAIT).untilAsserted(() -> {
            ObjectNode vs = get(VS, "checkout");
            assertThat(weightOf(vs, 1)).isZero();
            assertThat(weightOf(vs, 0)).isEqualTo(100);
            assertThat(Stamp.read(vs)).isEmpty();
            assertThat(vs.at("/metadata/labels").has(Stamp.ROLLOUT_LABEL)).isFalse();
        });
    }

    @Test
    void the_drift_check_never_re_applies_the_weights_of_an_old_uid() {
        String oldUid = rolloutAt20Percent();
        client().resources(Rollout.class).inNamespace(namespace).withName("checkout").delete();
        await().atMost(WAIT).until(() -> client().resources(Rollout.class).inNamespace(namespace).withName("checkout").get() == null);
        assertThat(createRollout()).isNotEqualTo(oldUid);

        ObjectNode edited = get(VS, "checkout");
        ((ObjectNode) edited.at("/spec/http/0/route/0")).put("weight", 60);
        ((ObjectNode) edited.at("/spec/http/0/route/1")).put("weight", 40);
        client().genericKubernetesResources(VS).inNamespace(namespace)
                .resource(client().getKubernetesSerialization().convertValue(edited, GenericKubernetesResource.class)).update();

        await().atMost(WAIT).untilAsserted(() -> assertThat(Stamp.read(get(VS, "checkout"))).isEmpty());
        assertThat(weightOf(get(VS, "checkout"), 1)).isEqualTo(40);
    }

    /** A VirtualService at canary weight 20% for a Rollout that exists; returns the Rollout's uid. */
    String rolloutAt20Percent() {
        create(VS, "istio/header-route.input.yaml");
        bus.publish(request(1, 20, istio("checkout")));
        awaitShifted(1);
        return uid;
    }

    /** The Rollout the requests name, as the controller would own it; returns the uid the server gave it. */
    String createRollout() {
        Rollout r = new Rollout();
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("checkout").withNamespace(namespace).build());
        return client().resources(Rollout.class).inNamespace(namespace).resource(r).create().getMetadata().getUid();
    }

    @Test
    void bad_requests_are_dead_lettered_with_the_reason_answered_when_readable_and_the_next_valid_one_is_processed() {
        create(VS, "istio/header-route.input.yaml");
        ConsumerTask<String, byte[]> deadLetters = bus.watch(Topics.DEADLETTER);
        try {
            ObjectNode valid = Json.mapper().valueToTree(request(1, 20, istio("checkout")));
            ObjectNode tooHeavy = valid.deepCopy().put("canaryWeight", 150);
            ObjectNode unknownRouter = valid.deepCopy();
            unknownRouter.putObject("routing").putObject("linkerd").put("trafficSplit", "checkout");
            ObjectNode noRouting = valid.deepCopy();
            noRouting.remove("routing");
            for (ObjectNode bad : List.of(tooHeavy, unknownRouter, noRouting)) {
                bus.send(Topics.STEPS, rollout, EventBus.headers(EventType.TRAFFIC_SHIFT_REQUESTED.ceType()), bad.toString().getBytes(StandardCharsets.UTF_8));
            }
            bus.publish(request(2, 20, istio("checkout")));

            awaitShifted(2);
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> reasons = deadLetters.getRecords().stream().filter(r -> rollout.equals(r.key()))
                        .map(r -> EventBus.header(r, "dead-letter-reason")).collect(Collectors.toList());
                assertThat(reasons).hasSize(3);
                assertThat(reasons.get(0)).contains("canaryWeight").contains("maximum value of 100");
                assertThat(reasons.get(1)).contains("routing names no router traffic-svc knows");
                assertThat(reasons.get(2)).contains("routing");
            });
            assertThat(statusEvents()).as("a readable but invalid request is answered, so the controller does not wait")
                    .filteredOn(TrafficShiftFailed.class::isInstance).singleElement().satisfies(e -> {
                        TrafficShiftFailed failed = (TrafficShiftFailed) e;
                        assertThat(failed.sequence()).isEqualTo(1);
                        assertThat(failed.retryable()).isFalse();
                        assertThat(failed.router()).isEqualTo("none");
                        assertThat(failed.reason()).contains("routing names no router traffic-svc knows");
                    });
        } finally {
            deadLetters.stop();
        }
    }

    @Test
    void other_step_events_are_acknowledged_and_ignored() {
        bus.publish(new dev.sluice.events.StepStarted(rollout, "uid-1", "rev", 0, 1, Instant.now(), "pause"));
        create(VS, "istio/header-route.input.yaml");
        bus.publish(request(2, 10, istio("checkout")));

        awaitShifted(2);
        assertThat(statusEvents()).hasSize(1);
    }

    @Test
    void the_weights_api_answers_problem_json_for_an_unknown_rollout_and_a_bad_name() {
        given().auth().oauth2("test-token").get("/api/v1/traffic/" + namespace + "/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(namespace + "/nothing-here"));
        given().auth().oauth2("test-token").get("/api/v1/traffic/Bad_NS/x").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0]", containsString("Bad_NS"));
    }

    @Test
    void an_api_that_stays_unavailable_is_a_retryable_failed_shift() {
        server.expect().get().withPath("/apis/networking.istio.io/v1/namespaces/" + namespace + "/virtualservices/checkout")
                .andReturn(503, "{}").always();

        bus.publish(request(1, 20, istio("checkout")));

        TrafficShiftFailed failed = await().atMost(WAIT).until(() -> statusEvents().stream()
                .filter(TrafficShiftFailed.class::isInstance).map(TrafficShiftFailed.class::cast).findFirst().orElse(null), f -> f != null);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.object()).isEqualTo("VirtualService " + namespace + "/checkout");
        assertThat(failed.reason()).startsWith("reading VirtualService " + namespace + "/checkout failed 4 times, the Kubernetes API is unavailable: HTTP 503");
    }
}
