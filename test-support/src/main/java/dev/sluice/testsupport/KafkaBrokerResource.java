package dev.sluice.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The shared broker as a Quarkus test resource. Register it with
 * {@code @WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)}: with another
 * scope the app restart between test classes left channels pointing at localhost:9092 (BUILD.md).
 */
public final class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // the shared broker outlives each app start; its shutdown hook stops it with the JVM
    }
}
