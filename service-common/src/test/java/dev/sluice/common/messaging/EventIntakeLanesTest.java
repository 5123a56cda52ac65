package dev.sluice.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record of a type the consumer does not act on (most of a shared topic: another service's events) is acknowledged
 * where it arrives, by its {@code ce_type} header alone: no hand-over to a lane, no decoding, no handler.
 */
class EventIntakeLanesTest {
    private final EventIntake intake = new EventIntake(new SimpleMeterRegistry(), 4, Duration.ofSeconds(1));

    @AfterEach
    void close() {
        intake.closeLanes();
    }

    @Test
    void another_services_record_is_acknowledged_on_the_consumers_own_thread_without_a_lane() {
        List<String> ackedOn = new CopyOnWriteArrayList<>();
        List<Object> handled = new CopyOnWriteArrayList<>();

        intake.acceptInLanes("steps", record(EventType.STEP_STARTED.ceType(), "not even json", ackedOn), Set.of(EventType.TRAFFIC_SHIFT_REQUESTED),
                event -> {
                    handled.add(event);
                    return CompletableFuture.completedFuture(null);
                });

        assertThat(ackedOn).containsExactly(Thread.currentThread().getName());
        assertThat(handled).isEmpty();
    }

    private static Message<byte[]> record(String ceType, String payload, List<String> ackedOn) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sluice.rollout.steps", 0, 7L, "shop/web",
                payload.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
        return Message.of(record.value(), Metadata.of(new IncomingKafkaRecordMetadata<>(record, "steps")), () -> {
            ackedOn.add(Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        });
    }
}
