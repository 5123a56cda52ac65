package dev.sluice.controller.workload;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.controller.rollout.PodRestart;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.List;

/**
 * Adapter for {@code spec.restartAt} ({@link PodRestart} decides): reads the rollout's pods — those of its ReplicaSets,
 * by the pod-template-hash label and the owner reference — and evicts one through the Eviction API (policy/v1), so the
 * API server applies the PodDisruptionBudgets; the ReplicaSet replaces the pod.
 */
@ApplicationScoped
public class PodRestarts {
    /** What became of an eviction. */
    public enum Eviction {
        /** The API server accepted it: the pod terminates and its ReplicaSet replaces it. */
        EVICTED,
        /** 429 Too Many Requests: a PodDisruptionBudget allows no disruption now. */
        REFUSED,
        /** The pod no longer exists. */
        GONE
    }

    private final KubernetesClient client;
    /** The same client without its own retries: it would retry a 429 with backoff, holding the reconcile meanwhile. */
    private final KubernetesClient noRetry;

    @Inject
    public PodRestarts(KubernetesClient client) {
        this.client = client;
        this.noRetry = client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build()).adapt(KubernetesClient.class);
    }

    /** The pods of the rollout's ReplicaSets of these revisions. */
    public List<PodRestart.PodFacts> pods(Rollout rollout, Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        String name = rollout.getMetadata().getName();
        return client.pods().inNamespace(rollout.getMetadata().getNamespace())
                .withLabelIn(TemplateHash.LABEL, hashes.toArray(String[]::new)).list().getItems().stream()
                .filter(p -> hashes.contains(p.getMetadata().getLabels().get(TemplateHash.LABEL))
                        && ownedBy(p, name + "-" + p.getMetadata().getLabels().get(TemplateHash.LABEL)))
                .map(PodRestarts::facts).toList();
    }

    /** Evicts the pod (policy/v1 Eviction), once: a refusal is reported, the next reconcile tries again. */
    public Eviction evict(Rollout rollout, String pod) {
        String ns = rollout.getMetadata().getNamespace();
        try {
            boolean evicted = noRetry.pods().inNamespace(ns).withName(pod).evict(new EvictionBuilder()
                    .withNewMetadata().withName(pod).withNamespace(ns).endMetadata().build());
            return evicted ? Eviction.EVICTED : Eviction.REFUSED;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Eviction.GONE;
            }
            throw e;
        }
    }

    private static boolean ownedBy(Pod pod, String replicaSet) {
        return pod.getMetadata().getOwnerReferences() != null
                && pod.getMetadata().getOwnerReferences().stream().anyMatch(o -> replicaSet.equals(o.getName()));
    }

    private static PodRestart.PodFacts facts(Pod pod) {
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return new PodRestart.PodFacts(pod.getMetadata().getName(), pod.getMetadata().getLabels().get(TemplateHash.LABEL),
                PodRestart.parse(pod.getMetadata().getCreationTimestamp()).orElse(null), ready, pod.getMetadata().getDeletionTimestamp() != null);
    }
}
