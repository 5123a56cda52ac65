package dev.sluice.analysis.messaging;

import dev.sluice.events.CheckCompleted;
import dev.sluice.events.SluiceEvent;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.ServiceContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class AnalysisServiceContractTest extends ServiceContract {

    @Override
    protected SluiceEvent validInput(String rolloutId) {
        return new CheckCompleted(rolloutId, null, "smoke-tests", true, null, null, Instant.now());
    }
}
