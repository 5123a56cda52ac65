package dev.sluice.testsupport;

import dev.sluice.events.Topics;

/** The one broker of a test JVM, with every Sluice topic created; stopped by a shutdown hook. */
final class SharedBroker {
    private static KafkaBroker broker;

    private SharedBroker() {
    }

    static synchronized KafkaBroker get() {
        if (broker == null) {
            KafkaBroker started = KafkaBroker.start();
            started.createTopics(Topics.all(), KafkaBroker.defaultPartitions());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-stop"));
            broker = started;
        }
        return broker;
    }
}
