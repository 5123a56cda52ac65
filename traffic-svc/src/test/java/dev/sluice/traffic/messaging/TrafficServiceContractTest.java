package dev.sluice.traffic.messaging;

import dev.sluice.events.StepStarted;
import dev.sluice.events.SluiceEvent;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.ServiceContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TrafficServiceContractTest extends ServiceContract {

    @Override
    protected SluiceEvent validInput(String rolloutId) {
        return new StepStarted(rolloutId, "uid-1", "rev1", 0, 1, Instant.now(), "setWeight: 20");
    }
}
