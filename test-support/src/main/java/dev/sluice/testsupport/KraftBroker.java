package dev.sluice.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/** A combined-mode KRaft broker from Kafka's own jars, inside this JVM (BUILD.md). */
final class KraftBroker implements KafkaBroker {
    private final KafkaClusterTestKit cluster;
    /** Kept: while the broker is stopped the test kit cannot tell its address. */
    private final String bootstrapServers;
    private boolean stopped;

    KraftBroker() {
        // The test kit deletes its data directories in a shutdown hook of its own, which may run before ours
        // closes the broker; the broker then sees its log dir vanish and would halt the JVM with exit code 1,
        // failing a test run that passed. Inside a test JVM the broker never decides the exit code.
        Exit.setHaltProcedure((code, message) -> LOG.fine(() -> "Kafka asked to halt(" + code + "): " + message));
        Exit.setExitProcedure((code, message) -> LOG.fine(() -> "Kafka asked to exit(" + code + "): " + message));
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", String.valueOf(KafkaBroker.defaultPartitions()))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrapServers = cluster.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM KRaft broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String describe() {
        return "KRaft broker from Kafka's jars in this JVM at " + bootstrapServers();
    }

    @Override
    public synchronized void stopServing() {
        if (stopped) {
            return;
        }
        stopped = true;
        cluster.brokers().values().forEach(b -> b.shutdown());
        cluster.brokers().values().forEach(b -> b.awaitShutdown());
        LOG.info(() -> "stopped the broker at " + bootstrapServers);
    }

    @Override
    public synchronized void startAgain() {
        if (!stopped) {
            return;
        }
        stopped = false;
        try {
            cluster.brokers().values().forEach(b -> b.startup());
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the KRaft broker again", e);
        }
        LOG.info(() -> "started the broker at " + bootstrapServers + " again");
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warning("closing the KRaft broker: " + e);
        }
    }
}
