package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.RolloutNotes;
import dev.sluice.events.RolloutStepEvent;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Adapter: writes a Kubernetes Event (core/v1, source {@code sluice-controller}) on the Rollout for each step event
 * {@link RolloutNotes} shows, after the event was published. An Event that cannot be written is logged, never fatal:
 * status and the Kafka stream remain the record.
 */
@ApplicationScoped
public class KubernetesEvents {
    private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);

    @Inject
    KubernetesClient client;
    @Inject
    Clock clock;

    void record(Rollout rollout, RolloutStepEvent event) {
        RolloutNotes.of(event).ifPresent(note -> write(rollout, note));
    }

    /** Notes that come from a status change rather than a step event (a fast-tracked rollback). */
    void record(Rollout rollout, RolloutStatus before, RolloutStatus after) {
        RolloutNotes.fastTracked(before, after).ifPresent(note -> write(rollout, note));
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
        } catch (KubernetesClientException e) {
            LOG.warnf("%s: could not record a %s event: %s", rollout.rolloutId(), note.reason(), e.getMessage());
        }
    }
}
