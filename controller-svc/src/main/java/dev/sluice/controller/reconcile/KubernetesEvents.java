package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.RolloutNotes;
import dev.sluice.events.RolloutStepEvent;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import jakarta.annotation.PreDestroy;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Adapter: writes a Kubernetes Event (core/v1, source {@code sluice-controller}) on the Rollout for each step event
 * {@link RolloutNotes} shows, after the event was published. An Event that cannot be written is logged, never fatal:
 * status and the Kafka stream remain the record. Written off the reconcile, in order, by one thread (a reconcile no
 * longer waits for a request per step event while it holds the rollout's lock); at most {@value #BACKLOG} wait, and
 * beyond that an Event is dropped with a warning.
 */
@ApplicationScoped
public class KubernetesEvents {
    private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);

    static final int BACKLOG = 10_000;

    @Inject
    KubernetesClient client;
    @Inject
    Clock clock;

    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG), r -> {
                Thread t = new Thread(r, "kubernetes-events");
                t.setDaemon(true);
                return t;
            });

    void record(Rollout rollout, RolloutStepEvent event) {
        RolloutNotes.of(event).ifPresent(note -> submit(rollout, note));
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }

    /** Notes that come from a status change rather than a step event (a fast-tracked rollback). */
    void record(Rollout rollout, RolloutStatus before, RolloutStatus after) {
        RolloutNotes.fastTracked(before, after).ifPresent(note -> submit(rollout, note));
    }

    /** Queues the Event for the writer thread, in order after those before it. */
    private void submit(Rollout rollout, RolloutNotes.Note note) {
        try {
            writer.execute(() -> write(rollout, note));
        } catch (RejectedExecutionException e) {
            LOG.warnf("%s: %d Kubernetes Events wait to be written; %s not recorded", rollout.rolloutId(), BACKLOG, note.reason());
        }
    }

    private void write(Rollout rollout, RolloutNotes.Note note) {
        String ns = rollout.getMetadata().getNamespace();
        String now = clock.instant().toString();
        try {
            client.v1().events().inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(rollout.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(ns).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
                            .withNamespace(ns).withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid()).build())
                    .withType(note.type()).withReason(note.reason()).withMessage(note.message())
                    .withNewSource().withComponent("sluice-controller").endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not record a %s event: %s", rollout.rolloutId(), note.reason(), e.getMessage());
        }
    }
}
