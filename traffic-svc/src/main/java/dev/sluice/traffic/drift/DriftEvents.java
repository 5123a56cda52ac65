package dev.sluice.traffic.drift;

import dev.sluice.traffic.router.ObjectRef;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records a restored object as a Kubernetes Event on it (reason {@code TrafficDriftRestored}), best effort. */
@ApplicationScoped
public class DriftEvents {
    private static final Logger LOG = Logger.getLogger(DriftEvents.class);
    public static final String REASON = "TrafficDriftRestored";

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    public void restored(String rolloutId, ObjectRef ref, int canaryWeight) {
        String now = clock.instant().toString();
        try {
            client.v1().events().inNamespace(ref.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(ref.name() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(ref.namespace()).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(ref.kind().apiVersion())
                            .withKind(ref.kind().kind()).withNamespace(ref.namespace()).withName(ref.name()).build())
                    .withType("Warning")
                    .withReason(REASON)
                    .withMessage("rollout " + rolloutId + ": weights had been changed by hand; Sluice restored canary weight "
                            + canaryWeight + "%")
                    .withNewSource().withComponent("sluice-traffic").endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("%s: could not record a %s event on %s: %s", rolloutId, REASON, ref, e.getMessage());
        }
    }
}
