package dev.sluice.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** A publisher whose emitter refuses records (buffer full, channel failed) fails the stage; nothing is thrown at the caller. */
class EventPublisherTest {

    /** An emitter as SmallRye's is when its overflow buffer is full: {@code send} throws. */
    static final class FullEmitter implements Emitter<byte[]> {
        int attempts;

        @Override
        public CompletionStage<Void> send(byte[] payload) {
            attempts++;
            throw new IllegalStateException("SRMSG00034: Insufficient downstream requests to emit item");
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M msg) {
            attempts++;
            throw new IllegalStateException("SRMSG00034: Insufficient downstream requests to emit item");
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return false;
        }
    }

    @Test
    void a_full_emitter_buffer_fails_the_returned_stage_with_the_reason_instead_of_throwing() {
        FullEmitter emitter = new FullEmitter();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(emitter, "/test", registry);

        CompletableFuture<Void> stage = publisher.publish(EventType.COMMAND_PROMOTE,
                new RolloutCommand("shop/checkout", null, "test", null, Instant.parse("2026-01-01T00:00:00Z"))).toCompletableFuture();

        assertThat(emitter.attempts).isEqualTo(1);
        assertThat(stage).isCompletedExceptionally();
        assertThat(stage.handle((ok, failure) -> failure.getMessage()).join())
                .contains("shop/checkout").contains("refused").contains("Insufficient downstream requests");
        assertThat(registry.counter("sluice.events.publish.refused", "type", EventType.COMMAND_PROMOTE.ceType()).count()).isEqualTo(1.0);
    }
}
