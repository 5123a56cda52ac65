package dev.sluice.traffic.messaging;

import dev.sluice.events.SluiceEvent;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.ServiceContract;
import dev.sluice.traffic.router.Fixtures;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;
import java.util.List;

/** The one event traffic-svc acts on; its VirtualService does not exist, so it is answered with traffic.shift.failed. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TrafficServiceContractTest extends ServiceContract {

    @Override
    protected SluiceEvent validInput(String rolloutId) {
        return new TrafficShiftRequested(rolloutId, "uid-1", "rev1", 0, 1, Instant.now(), 20,
                Fixtures.istio(Fixtures.vs("contract-vs", List.of("primary"))), "web-stable", "web-canary", "a1", "b2", List.of());
    }
}
