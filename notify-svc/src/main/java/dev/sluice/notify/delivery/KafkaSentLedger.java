package dev.sluice.notify.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The idempotency ledger on a compacted Kafka topic ({@code sluice.notify.sent}): after a message went out, its key
 * {@code <ce_id> <service>:<recipient>} is written there (value: when), before the input record is acknowledged.
 * Every replica reads the whole topic from the beginning (assigned partitions, no consumer group) into memory and
 * keeps reading it, so a record redelivered after a crash or a rebalance, to this replica or another, finds its mark.
 * Readiness waits until the ledger has read up to the end offsets it found at start-up. Marks older than
 * {@code sluice.notify.dedupe.retention} are forgotten (the topic deletes them after the same time).
 *
 * <p>Why a topic and not memory alone: a redelivery happens exactly when a replica died or lost the partition, and
 * then its memory is gone. The window between a mark written by one replica and read by another is a fetch (ms);
 * a redelivery to another replica waits for a rebalance (seconds), so it finds the mark.
 */
@ApplicationScoped
public class KafkaSentLedger implements SentLedger {
    private static final Logger LOG = Logger.getLogger(KafkaSentLedger.class);

    @Inject
    KafkaClients clients;

    @Inject
    Clock clock;

    @ConfigProperty(name = "sluice.notify.ledger.topic")
    String topic;

    @ConfigProperty(name = "sluice.notify.dedupe.retention")
    Duration retention;

    private final Map<String, Instant> marks = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    void start(@Observes StartupEvent ev) {
        reader = new Thread(this::read, "sluice-notify-ledger");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public boolean caughtUp() {
        return caughtUp.isDone();
    }

    /** Completes once the ledger has read everything written before this replica started. */
    public CompletionStage<Void> whenCaughtUp() {
        return caughtUp;
    }

    @Override
    public boolean sent(String key) {
        Instant at = marks.get(key);
        return at != null && at.isAfter(clock.instant().minus(retention));
    }

    @Override
    public CompletionStage<Void> record(String key) {
        Instant now = clock.instant();
        marks.put(key, now);
        CompletableFuture<Void> done = new CompletableFuture<>();
        clients.producer().send(new ProducerRecord<>(topic, key, now.toString().getBytes(StandardCharsets.UTF_8)),
                (meta, failure) -> {
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure);
                    }
                });
        return done;
    }

    /** How many marks this replica holds (a gauge). */
    public int size() {
        return marks.size();
    }

    private void read() {
        Map<String, Object> c = new HashMap<>(clients.base());
        c.put("client.id", "sluice-notify-ledger-reader-" + java.util.UUID.randomUUID());
        try (KafkaConsumer<String, byte[]> kc = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kc;
            List<TopicPartition> partitions = partitions(kc);
            if (partitions == null) {
                return;
            }
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kc.endOffsets(partitions);
            long lastPrune = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> r : kc.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                if (!caughtUp.isDone() && end.entrySet().stream().allMatch(e -> kc.position(e.getKey()) >= e.getValue())) {
                    LOG.infof("ledger %s read: %d marks", topic, marks.size());
                    caughtUp.complete(null);
                }
                if (System.nanoTime() - lastPrune > 60_000_000_000L) {
                    Instant oldest = clock.instant().minus(retention);
                    marks.values().removeIf(t -> t.isBefore(oldest));
                    lastPrune = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "the ledger reader of %s stopped; readiness is down", topic);
            running = false;
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kc) {
        while (running) {
            try {
                var infos = kc.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // the broker is not there yet
            }
            LOG.warnf("ledger topic %s not found yet; waiting", topic);
        }
        return null;
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            marks.remove(r.key());
            return;
        }
        try {
            marks.merge(r.key(), Instant.parse(new String(r.value(), StandardCharsets.UTF_8)), (a, b) -> a.isAfter(b) ? a : b);
        } catch (java.time.format.DateTimeParseException e) {
            marks.put(r.key(), Instant.ofEpochMilli(r.timestamp()));
        }
    }
}
