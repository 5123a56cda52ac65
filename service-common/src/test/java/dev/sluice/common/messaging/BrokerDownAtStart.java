package dev.sluice.common.messaging;

import dev.sluice.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The shared broker, stopped before the app starts; started again, at the latest, when the test class ends. */
public final class BrokerDownAtStart implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        KafkaBroker.shared().stopServing();
        return Map.of();
    }

    @Override
    public void stop() {
        KafkaBroker.shared().startAgain();
    }
}
