package dev.sluice.testsupport;

import dev.sluice.events.Topics;

/**
 * The one broker of a test JVM, with every Sluice topic created; stopped by a shutdown hook. Quarkus loads test
 * classes anew for each app start (another test profile), so the running broker's address is kept in a system
 * property and a later class loader attaches to it instead of starting a second broker.
 */
final class SharedBroker {
    static final String ADDRESS_PROPERTY = "sluice.test.kafka.shared.bootstrap";
    private static final String STOP_PROPERTY = "sluice.test.kafka.shared.stop";
    private static final String START_PROPERTY = "sluice.test.kafka.shared.start";
    private static KafkaBroker broker;

    private SharedBroker() {
    }

    static synchronized KafkaBroker get() {
        if (broker == null) {
            String running = System.getProperty(ADDRESS_PROPERTY);
            if (running != null) {
                broker = new Attached(running);
            } else {
                KafkaBroker started = KafkaBroker.start();
                started.createTopics(Topics.all(), KafkaBroker.defaultPartitions());
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-stop"));
                System.setProperty(ADDRESS_PROPERTY, started.bootstrapServers());
                // JDK types only: a class loader that attaches later can still stop and start this broker
                System.getProperties().put(STOP_PROPERTY, (Runnable) started::stopServing);
                System.getProperties().put(START_PROPERTY, (Runnable) started::startAgain);
                broker = started;
            }
        }
        return broker;
    }

    /** The broker another class loader of this JVM started; its shutdown hook stops it. */
    private record Attached(String bootstrapServers) implements KafkaBroker {
        @Override
        public String describe() {
            return "the broker already running in this JVM at " + bootstrapServers;
        }

        @Override
        public void stopServing() {
            ((Runnable) System.getProperties().get(STOP_PROPERTY)).run();
        }

        @Override
        public void startAgain() {
            ((Runnable) System.getProperties().get(START_PROPERTY)).run();
        }

        @Override
        public void close() {
        }
    }
}
