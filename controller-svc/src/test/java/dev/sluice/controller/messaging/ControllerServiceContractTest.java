package dev.sluice.controller.messaging;

import dev.sluice.events.RolloutCommand;
import dev.sluice.events.SluiceEvent;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.ServiceContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ControllerServiceContractTest extends ServiceContract {

    @Override
    protected SluiceEvent validInput(String rolloutId) {
        return new RolloutCommand(rolloutId, null, "contract-test", null, Instant.now());
    }
}
