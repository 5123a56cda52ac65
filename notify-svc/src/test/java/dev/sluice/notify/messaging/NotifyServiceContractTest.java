package dev.sluice.notify.messaging;

import dev.sluice.events.SluiceEvent;
import dev.sluice.notify.decide.Samples;
import dev.sluice.testsupport.KafkaBrokerResource;
import dev.sluice.testsupport.ServiceContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Instant;

/** notify-svc consumes an abort; with no subscriber anywhere it sends nothing. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class NotifyServiceContractTest extends ServiceContract {

    @Override
    protected SluiceEvent validInput(String rolloutId) {
        var a = Samples.abortedByMetric();
        return new dev.sluice.events.RolloutAborted(rolloutId, a.rolloutUid(), a.revision(), a.stepIndex(), a.sequence(),
                Instant.now(), a.reason(), a.metricName(), a.measuredValue());
    }
}
