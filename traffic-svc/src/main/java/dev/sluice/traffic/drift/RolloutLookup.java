package dev.sluice.traffic.drift;

import dev.sluice.api.rollout.Rollout;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Adapter: reads the Rollout a stamp names (get on {@code rollouts.sluice.dev}) for {@link Orphans}. */
@ApplicationScoped
public class RolloutLookup {

    @Inject
    KubernetesClient client;

    public Orphans.Lookup find(String rolloutId) {
        int slash = rolloutId.indexOf('/');
        if (slash < 0) {
            return new Orphans.Lookup.Unreadable("not a namespace/name id: " + rolloutId);
        }
        try {
            Rollout r = client.resources(Rollout.class).inNamespace(rolloutId.substring(0, slash))
                    .withName(rolloutId.substring(slash + 1)).get();
            return r == null ? new Orphans.Lookup.Missing() : new Orphans.Lookup.Found(r.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            return new Orphans.Lookup.Unreadable(e.getMessage());
        }
    }
}
