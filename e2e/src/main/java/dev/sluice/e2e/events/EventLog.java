package dev.sluice.e2e.events;

import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every Sluice event on the broker, read from the beginning of every partition of the Sluice topics (no consumer
 * group, so it never disturbs the services), decoded with {@link EventCodec}. Records that do not decode are
 * counted, not dropped silently. Close it when done.
 */
public final class EventLog implements AutoCloseable {
    private static final List<String> TOPICS = List.of(Topics.STEPS, Topics.VERDICTS, Topics.TRAFFIC_STATUS,
            Topics.COMMANDS, Topics.CHECKS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ObservedEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<ObservedEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    public EventLog(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::readLoop, "event-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Called for every event from now on, on the reader thread (events already read are not replayed). */
    public void onEvent(Consumer<ObservedEvent> listener) {
        listeners.add(listener);
    }

    private void readLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.nanoTime();
                    java.time.Instant receivedAt = java.time.Instant.now();
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header h : record.headers()) {
                        headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    Decoded decoded = EventCodec.decode(headers, record.value());
                    if (decoded instanceof Decoded.Event e) {
                        ObservedEvent event = new ObservedEvent(record.topic(), record.partition(), record.offset(),
                                record.timestamp(), received, receivedAt, e.envelope(), e.type(), e.data());
                        events.add(event);
                        listeners.forEach(l -> l.accept(event));
                    } else {
                        unreadable.add(record.topic() + "@" + record.offset() + ": " + ((Decoded.Rejected) decoded).reason());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public List<ObservedEvent> all() {
        return List.copyOf(events);
    }

    /** This rollout's events in the order each topic-partition holds them (per-rollout order: one key, one partition). */
    public List<ObservedEvent> of(String rolloutId) {
        return events.stream().filter(e -> e.rolloutId().equals(rolloutId)).toList();
    }

    public List<ObservedEvent> of(String rolloutId, EventType type) {
        return events.stream().filter(e -> e.rolloutId().equals(rolloutId) && e.type() == type).toList();
    }

    public List<ObservedEvent> matching(Predicate<ObservedEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    public List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /** A readable history for assertion messages: one line per event. */
    public static String describe(Collection<ObservedEvent> history) {
        StringBuilder out = new StringBuilder();
        for (ObservedEvent e : history) {
            out.append(e.topic()).append(' ').append(e.shortType()).append(' ').append(e.data()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
