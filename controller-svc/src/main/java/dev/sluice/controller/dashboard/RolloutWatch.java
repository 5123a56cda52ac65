package dev.sluice.controller.dashboard;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.workload.TemplateHash;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One informer on every Rollout the controller can see, shared by all dashboard streams: each change goes out
 * once to every open overview or rollout page (no page polls the API). Started by the first page that
 * subscribes. Also remembers each revision's image (a pod-template hash names one template forever).
 */
@ApplicationScoped
public class RolloutWatch {

    /** A rollout changed ({@code deleted=false}) or is gone. */
    public record Change(Rollout rollout, boolean deleted) {
    }

    @Inject
    KubernetesClient client;

    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    private final Map<String, String> images = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Rollout> informer;

    public Multi<Change> changes() {
        start();
        return changes;
    }

    /** Every rollout now, sorted by namespace and name. */
    public List<Rollout> all() {
        start();
        return informer.getStore().list().stream()
                .sorted(Comparator.comparing((Rollout r) -> r.getMetadata().getNamespace()).thenComparing(r -> r.getMetadata().getName()))
                .toList();
    }

    public RolloutRow row(Rollout r) {
        return RolloutRow.of(r, this::image);
    }

    /** The image of revision {@code hash} in {@code namespace}, from its ReplicaSet; null when there is none. */
    String image(String namespace, String hash) {
        String key = namespace + "/" + hash;
        String known = images.get(key);
        if (known != null) {
            return known;
        }
        List<ReplicaSet> found = client.apps().replicaSets().inNamespace(namespace).withLabel(TemplateHash.LABEL, hash).list().getItems();
        String image = found.isEmpty() ? null : RolloutRow.image(found.get(0).getSpec().getTemplate());
        if (image != null) {
            images.put(key, image);
        }
        return image;
    }

    private synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = client.resources(Rollout.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Rollout r) {
                changes.onNext(new Change(r, false));
            }

            @Override
            public void onUpdate(Rollout before, Rollout after) {
                changes.onNext(new Change(after, false));
            }

            @Override
            public void onDelete(Rollout r, boolean unknownFinalState) {
                changes.onNext(new Change(r, true));
            }
        }, 0);
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.close();
        }
    }
}
