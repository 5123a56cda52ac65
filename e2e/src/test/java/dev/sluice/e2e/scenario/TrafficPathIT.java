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
import java.util.UUID;
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
        String uid = UUID.randomUUID().toString();

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
        // 6 s of samples (about 72 canary requests): a 3 s window (36) missed the ±40% band by chance under load
        double perSecond = canaryRequestsPerSecond(Duration.ofSeconds(6));
        double expected = 0.30 * 40;
        assertThat(perSecond).as("canary requests/s at 30%% of 40/s").isBetween(expected * 0.6, expected * 1.4);

        // When the controller asks for 0% (an abort), no request reaches the canary any more
        harness.sender().send(shift(id, uid, router, 2, 0));
        await("the route object at 0%").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(cluster.canaryWeight(ns, router)).contains(0));
        await("the mesh to follow").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(500))
                .until(() -> canaryRequestsPerSecond(Duration.ofSeconds(1)) == 0);
    }

    private static TrafficShiftRequested shift(String id, String uid, Router router, long sequence, int weight) {
        TrafficRouting routing = switch (router) {
            case ISTIO -> new TrafficRouting(new TrafficRouting.Istio(
                    List.of(new TrafficRouting.VirtualService("web", List.of("primary"), null, null)), null), null, null, null);
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

    /** Requests the canary app served over a window, per second (read from its own /metrics). */
    private static double canaryRequestsPerSecond(Duration window) throws Exception {
        double before = served();
        long t0 = System.nanoTime();
        await().pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
        return (served() - before) / ((System.nanoTime() - t0) / 1e9);
    }

    private static double served() throws Exception {
        URI metrics = harness.canaryAppUrl().resolve("/metrics");
        return PrometheusText.sum(HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body(),
                "http_requests_total");
    }
}
