package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.harness.PrometheusText;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.events.TrafficShifted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The traffic path across processes, with the controller's part played by the test: a shift request on
 * {@code sluice.rollout.steps} → traffic-svc writes the route object → {@code traffic.shifted} reports the
 * read-back weight → the mesh (cluster simulator) sends that share of real requests to the canary app.
 */
class TrafficPathIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Harness harness;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void startHarness() {
        harness = SharedHarness.get();
    }

    @ParameterizedTest(name = "a shift to 30% through {0} reaches the route object, is reported, and moves real traffic")
    @EnumSource(Router.class)
    void shift_moves_real_traffic(Router router) throws Exception {
        // Given a route object that sends everything to stable
        String ns = "traffic-" + router.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String id = ns + "/web";
        Cluster cluster = new Cluster(harness.kube());
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, router));
        // The Rollout whose stamps the route will carry. traffic-svc's drift check returns a stamped route to 100% stable
        // when its Rollout does not exist (it did so 3 s after the shift in a run, and the window measured 10.6% instead of
        // 30%). The controller leaves this one alone: its workloadRef Deployment does not exist and it has no
        // trafficRouting, so the test plays the controller's part.
        cluster.create("""
                apiVersion: sluice.dev/v1alpha1
                kind: Rollout
                metadata: {name: web, namespace: %s}
                spec:
                  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: played-by-the-test}
                  strategy:
                    canary:
                      steps: [{setWeight: 30}]
                """.formatted(ns));
        String uid = cluster.rollout(ns, "web").path("metadata").path("uid").asText();

        // When the controller asks for 30% on the canary
        harness.sender().send(shift(id, uid, router, 1, 30));

        // Then the route object holds 30%, traffic.shifted says so, and about 30% of the mesh's requests reach the canary
        await("the route object at 30%").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(cluster.canaryWeight(ns, router)).contains(30));
        await("traffic.shifted for sequence 1").atMost(Duration.ofSeconds(20)).until(() -> shifted(id, 1) != null);
        TrafficShifted shifted = shifted(id, 1);
        assertThat(shifted.canaryWeight()).isEqualTo(30);
        assertThat(shifted.applied()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.canaryWeight()).isEqualTo(30);
            assertThat(r.namespace()).isEqualTo(ns);
        });
        // The share of this route's requests that reached the canary, counted by the apps per namespace. The mesh's
        // absolute rate falls when the shared harness carries many routes under load (2.7 canary requests/s instead
        // of 12 was seen in CI), so the test measures the split the route object asks for, not the mesh's speed.
        // The mesh (the simulator's informer) may follow the route object late under load: measure once canary requests arrive.
        await("the mesh to send canary requests").atMost(Duration.ofSeconds(15)).until(() -> traffic(ns, Duration.ofSeconds(1)).canary() > 0);
        Traffic window = traffic(ns, Duration.ofSeconds(6));
        assertThat(window.total()).as("requests through the route in 6 s").isGreaterThanOrEqualTo(30);
        assertThat(window.canaryShare()).as("share of %s requests at the canary", window.total()).isBetween(0.2, 0.4);

        // When the controller asks for 0% (an abort), no request reaches the canary any more
        harness.sender().send(shift(id, uid, router, 2, 0));
        await("the route object at 0%").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(cluster.canaryWeight(ns, router)).contains(0));
        await("the mesh to follow").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(500))
                .until(() -> traffic(ns, Duration.ofSeconds(1)).canary() == 0);
    }

    private static TrafficShiftRequested shift(String id, String uid, Router router, long sequence, int weight) {
        TrafficRouting routing = switch (router) {
            case ISTIO -> TrafficRouting.of(new TrafficRouting.Istio(
                    List.of(new TrafficRouting.VirtualService("web", List.of("primary"), null, null)), null));
            case GATEWAY_API -> TrafficRouting.of(new TrafficRouting.GatewayApi(List.of("web"), null, null));
            case NGINX -> TrafficRouting.of(new TrafficRouting.Nginx("web", null, null, null));
        };
        return new TrafficShiftRequested(id, uid, "rev2", 0, sequence, Instant.now(), weight, routing,
                Manifests.STABLE, Manifests.CANARY, "rev1", "rev2", List.of());
    }

    private static TrafficShifted shifted(String id, long sequence) {
        return harness.events().of(id).stream().map(ObservedEvent::data)
                .filter(d -> d instanceof TrafficShifted s && s.sequence() == sequence)
                .map(d -> (TrafficShifted) d).findFirst().orElse(null);
    }

    private record Traffic(double stable, double canary) {
        double total() {
            return stable + canary;
        }

        double canaryShare() {
            return total() == 0 ? 0 : canary / total();
        }
    }

    /** Requests each app served for the namespace's route over a window (read from the apps' own /metrics). */
    private static Traffic traffic(String namespace, Duration window) throws Exception {
        Traffic before = served(namespace);
        await().pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
        Traffic after = served(namespace);
        return new Traffic(after.stable() - before.stable(), after.canary() - before.canary());
    }

    private static Traffic served(String namespace) throws Exception {
        return new Traffic(served(harness.stableAppUrl(), namespace), served(harness.canaryAppUrl(), namespace));
    }

    private static double served(URI app, String namespace) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(app.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return PrometheusText.sum(metrics, "http_requests_total", "namespace=\"" + namespace + "\"");
    }
}
