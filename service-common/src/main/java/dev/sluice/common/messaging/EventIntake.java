package dev.sluice.common.messaging;

import dev.sluice.common.retry.Backoff;
import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The front door of every consumer: decodes a record into a Sluice event and hands it to the service's
 * handler, then acks. A record that is not a valid event, or whose handling fails in a way retrying will not cure,
 * is nacked: the channel's {@code dead-letter-queue} failure strategy (set for every channel in service-common's
 * configuration) writes it to {@code sluice.deadletter} with the reason, a counter rises, and the consumer goes on.
 *
 * <p>A handling failure that goes away by itself ({@link Transience}: the API server or broker unreachable, a
 * conflict, throttling, a 5xx) is retried in place, after 0.5 s, 1 s, 2 s … at most {@code sluice.consumer.retry.max-delay},
 * for as long as the outage lasts: the record stays unacknowledged (nothing is committed past it), the records
 * behind it on its lane wait (order is kept), and when every lane is full the channel stops asking for records, so
 * SmallRye pauses the partitions while the consumer keeps polling and stays in its group. {@link ConsumerReadiness}
 * reports the wait as not-ready; liveness is not touched (a restart cures no outage). On shutdown a waiting record
 * is left unacknowledged and is delivered again after the restart.
 */
@ApplicationScoped
public class EventIntake {
    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    /** What a service does with one valid event; the stage completes when its effect is durable. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<Void> handle(InboundEvent event) throws Exception;
    }

    private final MeterRegistry registry;
    private final int laneCount;
    /** In-place retries of a transient failure: 0.5 s, 1 s, 2 s, ... at most sluice.consumer.retry.max-delay. */
    private final Backoff retryBackoff;
    private final Map<String, KeyedLanes> lanesByChannel = new ConcurrentHashMap<>();
    private final InFlightRecords inFlight = new InFlightRecords(System::nanoTime);
    private final ExecutorService retryThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sluice-intake-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    @Inject
    public EventIntake(MeterRegistry registry, @ConfigProperty(name = "sluice.consumer.lanes", defaultValue = "16") int laneCount,
            @ConfigProperty(name = "sluice.consumer.retry.max-delay", defaultValue = "10S") Duration maxRetryDelay) {
        this.registry = registry;
        this.laneCount = laneCount;
        long maxRetryDelayMs = Math.max(1, maxRetryDelay.toMillis());
        this.retryBackoff = new Backoff(Duration.ofMillis(Math.min(500, maxRetryDelayMs)), Duration.ofMillis(maxRetryDelayMs));
        registry.gauge("sluice.consumer.oldest.inflight.seconds", inFlight, InFlightRecords::oldestAgeSeconds);
    }

    /** The records being handled right now (for health and tests). */
    public InFlightRecords inFlight() {
        return inFlight;
    }

    /**
     * {@link #accept} on the channel's {@link KeyedLanes}, by the record's key (the rollout id): one rollout's records
     * in order, different rollouts' records side by side ({@code sluice.consumer.lanes} of them); the handler may
     * block. Returns when the next record may be handed over.
     */
    public CompletionStage<Void> acceptInLanes(String channel, Message<byte[]> message, Set<EventType> wanted, Handler handler) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (declaresOtherThan(kafka, wanted)) {
            return message.ack(); // another service's record: acknowledged here, without a hand-over to a lane
        }
        Object key = kafka == null ? null : kafka.getKey();
        KeyedLanes lanes = lanesByChannel.computeIfAbsent(channel, c -> new KeyedLanes(c, laneCount, laneCount * 4));
        return lanes.submit(key == null ? null : key.toString(), () -> accept(message, wanted, handler));
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void closeLanes() {
        stopping = true;
        lanesByChannel.values().forEach(KeyedLanes::close);
        retryThreads.shutdown();
    }

    /**
     * Decodes the record and hands it to {@code handler} if its type is one of {@code wanted}; a record of another
     * known type is acknowledged unread (its {@code ce_type} header is enough: most records on a shared topic are for
     * other services, and decoding and validating them was most of a consumer's work under load). A record that is not
     * a valid event is dead-lettered.
     */
    public CompletionStage<Void> accept(Message<byte[]> message, Set<EventType> wanted, Handler handler) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (declaresOtherThan(kafka, wanted)) {
            return message.ack();
        }
        String topic = kafka == null ? "unknown" : kafka.getTopic();
        Map<String, String> headers = new LinkedHashMap<>();
        if (kafka != null) {
            for (Header h : kafka.getHeaders()) {
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        Decoded decoded = EventCodec.decode(headers, message.getPayload());
        if (decoded instanceof Decoded.Rejected rejected) {
            return deadLetter(message, topic, kafka, "invalid", rejected.reason());
        }
        Decoded.Event event = (Decoded.Event) decoded;
        if (!wanted.contains(event.type())) { // structured mode: the type was inside the payload
            return message.ack();
        }
        InboundEvent inbound = new InboundEvent(event.envelope(), event.type(), event.data(), topic,
                kafka == null ? -1 : kafka.getPartition(), kafka == null ? -1 : kafka.getOffset(),
                kafka == null ? null : kafka.getTimestamp());
        long tracked = inFlight.started(topic + "-" + inbound.partition() + "@" + inbound.offset(), event.type().ceType(),
                inbound.rolloutId());
        CompletionStage<Void> result = handleUntilDone(inbound, handler, tracked, 1).thenCompose(failure -> {
            if (failure == null) {
                registry.counter("sluice.events.consumed", "type", event.type().ceType()).increment();
                return message.ack();
            }
            return deadLetter(message, topic, kafka, "handler-failed",
                    "handling " + event.type().ceType() + " for " + inbound.rolloutId() + " failed: " + failure.getMessage());
        });
        return result.whenComplete((ok, failure) -> inFlight.finished(tracked));
    }

    /**
     * Whether the record's {@code ce_type} header (binary mode) declares a known event type other than {@code wanted}:
     * such a record is acknowledged unread. False without the header or with an unknown type (decoding decides then).
     */
    private static boolean declaresOtherThan(IncomingKafkaRecordMetadata<?, ?> kafka, Set<EventType> wanted) {
        Header type = kafka == null ? null : kafka.getHeaders().lastHeader("ce_type");
        return type != null && type.value() != null && EventType.fromCeType(new String(type.value(), StandardCharsets.UTF_8))
                .filter(declared -> !wanted.contains(declared)).isPresent();
    }

    /**
     * Runs the handler until it succeeds (completes with {@code null}) or fails in a way retrying will not cure
     * (completes with that failure); a transient failure is retried after a back-off. While the service stops, a
     * record still waiting never completes: it stays unacknowledged and is delivered again after the restart.
     */
    private CompletionStage<Throwable> handleUntilDone(InboundEvent inbound, Handler handler, long tracked, int attempt) {
        CompletionStage<Void> handled;
        try {
            handled = handler.handle(inbound);
        } catch (Exception | Error e) { // an Error in one handler must not take the consumer down with it
            handled = CompletableFuture.failedFuture(e);
        }
        return handled.handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(null);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!Transience.isTransient(cause)) {
                return CompletableFuture.completedFuture(cause);
            }
            String reason = describe(cause);
            inFlight.failed(tracked, reason);
            registry.counter("sluice.events.retried", "type", inbound.type().ceType()).increment();
            if (stopping) {
                LOG.infof("%s: %s not handled before shutdown; it stays unacknowledged and will be delivered again",
                        inbound.rolloutId(), inbound.type().ceType());
                return new CompletableFuture<>();
            }
            long delay = retryBackoff.delayBefore(attempt).toMillis();
            LOG.warnf("%s: handling %s failed (attempt %d, transient), retrying in %d ms: %s", inbound.rolloutId(),
                    inbound.type().ceType(), attempt, delay, reason);
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, retryThreads);
            return CompletableFuture.supplyAsync(() -> attempt + 1, later)
                    .thenCompose(next -> handleUntilDone(inbound, handler, tracked, next));
        });
    }

    /** The failure's message and its root cause's ("An error has occurred." alone tells an operator nothing). */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        return root == failure ? message : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> message, String topic, IncomingKafkaRecordMetadata<?, ?> kafka,
            String cause, String reason) {
        registry.counter("sluice.events.deadlettered", "topic", topic, "cause", cause).increment();
        LOG.warnf("dead-lettering record %s-%d@%d key=%s: %s", topic, kafka == null ? -1 : kafka.getPartition(),
                kafka == null ? -1 : kafka.getOffset(), kafka == null ? null : kafka.getKey(), reason);
        return message.nack(new InvalidEventException(reason));
    }
}
