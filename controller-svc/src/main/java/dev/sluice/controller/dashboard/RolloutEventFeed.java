package dev.sluice.controller.dashboard;

import dev.sluice.common.ownership.OwnershipTracker;
import dev.sluice.events.Topics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One rollout's CloudEvents from Kafka for its page: the recent past, then live. The step, verdict, traffic-status
 * and command topics are co-partitioned by rollout id, so a consumer without a group reads the one partition of
 * each topic where the rollout's records live, from {@code sluice.dashboard.history} records before the end,
 * and passes on the records with the rollout's key. After the history comes one {@code ready} event.
 */
@ApplicationScoped
public class RolloutEventFeed {
    static final List<String> TOPICS = List.of(Topics.STEPS, Topics.VERDICTS, Topics.TRAFFIC_STATUS, Topics.COMMANDS);

    /** One record: CloudEvents type and time, topic, offset, and the event's JSON data. */
    public record FeedEvent(String type, String time, String topic, long offset, String json) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "sluice.dashboard.history", defaultValue = "2000")
    int history;

    public Multi<FeedEvent> follow(String rolloutId) {
        return Multi.createFrom().<FeedEvent>emitter(emitter -> {
            AtomicBoolean open = new AtomicBoolean(true);
            emitter.onTermination(() -> open.set(false));
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.CLIENT_ID_CONFIG, "dashboard-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                        new StringDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> parts = new ArrayList<>();
                    for (String topic : TOPICS) {
                        parts.add(new TopicPartition(topic, OwnershipTracker.partition(rolloutId, consumer.partitionsFor(topic).size())));
                    }
                    consumer.assign(parts);
                    Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
                    Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts);
                    for (TopicPartition tp : parts) {
                        consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - history));
                    }
                    boolean ready = false;
                    while (open.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                            if (rolloutId.equals(r.key())) {
                                emitter.emit(new FeedEvent(header(r, "ce_type", "unknown"), header(r, "ce_time", null), r.topic(),
                                        r.offset(), new String(r.value(), StandardCharsets.UTF_8)));
                            }
                        }
                        if (!ready && parts.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                            ready = true;
                            emitter.emit(new FeedEvent("ready", null, "", -1, "{\"rolloutId\":\"" + rolloutId + "\"}"));
                        }
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }
}
