package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.e2e.cluster.IstioRequestPath;
import dev.sluice.e2e.cluster.IstioRequestPath.Decision;
import dev.sluice.e2e.cluster.IstioRequestPath.Request;
import dev.sluice.e2e.cluster.ClusterSimulatorMain;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.events.EventType;
import dev.sluice.events.TrafficShiftRequested;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Argo's setHeaderRoute and setMirrorRoute through the whole stack (controller → Kafka → traffic-svc → the
 * VirtualService on the API server), and requests routed by that VirtualService the way Envoy would
 * ({@link IstioRequestPath}) to the real stable and canary apps: at weight 0 a request with the header reaches only
 * the canary, a mirrored request is answered by the stable app while its copy reaches the canary; promotion removes
 * both routes.
 */
class ManagedRoutesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CANARY_COUNT = Pattern.compile(
            "http_requests_total\\{version=\"canary\",namespace=\"%s\",code=\"(\\d+)\"} (\\d+)");
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @Test
    void a_header_route_reaches_only_the_canary_at_weight_0_and_a_mirror_route_copies_requests_to_it() throws Exception {
        // Given an Istio rollout whose steps add a header route, then a mirror route, then shift 50%
        // (the harness is shared: a scenario before this one may have left the canary app failing)
        harness.setCanaryFailureShare(0.0);
        String ns = "managed-routes";
        String id = ns + "/" + Manifests.ROLLOUT;
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(rollout(ns, "sluice/demo-app:1.0"));
        await("the first revision to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));

        // When a new revision is released, it stops after the header route at weight 0
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the header route at weight 0").atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(status.path("phase").asText()).isEqualTo("Paused");
            assertThat(status.path("currentStepIndex").asInt()).isEqualTo(1);
            assertThat(routeNames(virtualService(cluster, ns))).containsExactly("beta-header", "primary");
        });
        String revision = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();
        JsonNode vs = virtualService(cluster, ns);
        assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(0);
        assertThat(vs.at("/metadata/annotations/sluice.dev~1managed-routes").asText()).contains("beta-header");
        assertThat(cluster.rollout(ns, Manifests.ROLLOUT).at("/status/canary/managedRoutes/0/name").asText()).isEqualTo("beta-header");

        // Then every request with the header reaches the canary app only, every other request the stable app
        for (int roll = 0; roll < 100; roll++) {
            Decision withHeader = IstioRequestPath.route(vs, new Request("GET", "/", Map.of("X-Canary", "beta")), roll).orElseThrow();
            Decision without = IstioRequestPath.route(vs, new Request("GET", "/", Map.of()), roll).orElseThrow();
            assertThat(withHeader.answeredBy()).isEqualTo(Manifests.CANARY);
            assertThat(without.answeredBy()).isEqualTo(Manifests.STABLE);
        }
        assertThat(send(ns, Manifests.CANARY, "/")).contains("from canary");
        assertThat(send(ns, Manifests.STABLE, "/")).contains("from stable");

        // When the pause is promoted, the mirror route is added behind the header route (managedRoutes order)
        promote(id);
        await("the mirror route").atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            assertThat(cluster.rollout(ns, Manifests.ROLLOUT).path("status").path("currentStepIndex").asInt()).isEqualTo(3);
            assertThat(routeNames(virtualService(cluster, ns))).containsExactly("beta-header", "mirror-api", "primary");
        });
        vs = virtualService(cluster, ns);
        assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(0);

        // Then a GET under /api is answered by the stable app and a copy reaches the canary, whose answer is discarded
        Decision mirrored = IstioRequestPath.route(vs, new Request("GET", "/api/orders", Map.of()), 0).orElseThrow();
        assertThat(mirrored).isEqualTo(new Decision(Manifests.STABLE, Manifests.CANARY, "mirror-api"));
        long canaryBefore = canaryRequests(ns);
        String answer = send(ns, mirrored.answeredBy(), "/api/orders");
        send(ns, mirrored.mirroredTo(), "/api/orders"); // the mirror's copy; Envoy drops its answer
        assertThat(answer).contains("from stable");
        assertThat(canaryRequests(ns)).isEqualTo(canaryBefore + 1);
        assertThat(IstioRequestPath.route(vs, new Request("POST", "/api/orders", Map.of()), 0).orElseThrow())
                .isEqualTo(new Decision(Manifests.STABLE, null, "primary"));

        // and the shift that added it carried both routes (the complete set) on Kafka
        List<TrafficShiftRequested> shifts = new ArrayList<>();
        harness.events().of(id, EventType.TRAFFIC_SHIFT_REQUESTED).forEach(e -> shifts.add((TrafficShiftRequested) e.data()));
        assertThat(shifts).anySatisfy(s -> {
            assertThat(s.revision()).isEqualTo(revision);
            assertThat(s.matchRoutes()).extracting(m -> m.name()).containsExactly("beta-header");
            assertThat(s.mirrorRoutes()).extracting(m -> m.name()).containsExactly("mirror-api");
            assertThat(s.canaryWeight()).isZero();
        });

        // When the last pause is promoted, the revision is promoted and both routes are removed
        promote(id);
        await("the promotion").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(status.path("phase").asText()).isEqualTo("Healthy");
            assertThat(status.path("stableRS").asText()).isEqualTo(revision);
            assertThat(status.path("canary").has("managedRoutes")).isFalse();
            assertThat(routeNames(virtualService(cluster, ns))).containsExactly("primary");
        });
        Decision after = IstioRequestPath.route(virtualService(cluster, ns), new Request("GET", "/api/orders",
                Map.of("X-Canary", "beta")), 0).orElseThrow();
        assertThat(after).isEqualTo(new Decision(Manifests.STABLE, null, "primary"));
    }

    private static String rollout(String ns, String image) {
        return Manifests.canaryRollout(ns, Router.ISTIO, image, List.of(
                "setHeaderRoute:\n  name: beta-header\n  match: [{headerName: x-canary, headerValue: {exact: beta}}]",
                "pause: {}",
                "setMirrorRoute:\n  name: mirror-api\n  match: [{method: {exact: GET}, path: {prefix: /api}}]",
                "pause: {}",
                "setWeight: 50",
                "pause: {duration: 1s}"), List.of("beta-header", "mirror-api"));
    }

    private static JsonNode virtualService(Cluster cluster, String ns) {
        return JSON.valueToTree(cluster.client().genericKubernetesResources(Cluster.context("networking.istio.io", "v1",
                "VirtualService", "virtualservices")).inNamespace(ns).withName("web").get());
    }

    private static List<String> routeNames(JsonNode vs) {
        List<String> names = new ArrayList<>();
        vs.path("spec").path("http").forEach(h -> names.add(h.path("name").asText()));
        return names;
    }

    /** A request to the app behind {@code service}, labelled with the namespace as the mesh labels it. */
    private static String send(String ns, String service, String path) throws Exception {
        URI app = Manifests.CANARY.equals(service) ? harness.canaryAppUrl() : harness.stableAppUrl();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.resolve(path))
                .header(ClusterSimulatorMain.NAMESPACE_HEADER, ns).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Requests the canary app counted for {@code ns} (the simulator's mesh sends it none at weight 0). */
    private static long canaryRequests(String ns) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(harness.canaryAppUrl().resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile(CANARY_COUNT.pattern().formatted(ns)).matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }

    private static void promote(String id) throws Exception {
        URI promote = harness.controller().url().resolve("/api/v1/rollouts/" + id + "/promote");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(promote)
                .header("Authorization", "Bearer " + SharedHarness.API_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
}
