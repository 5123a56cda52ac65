package dev.sluice.controller.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.rollout.Rollout;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Adapter: gives the pods of each revision the ephemeral metadata of their role ({@link EphemeralMetadata}) in place,
 * with one merge patch per ReplicaSet pod template (so pods created later carry it) and per pod that differs — the
 * swap at promotion restarts nothing. Does nothing for a Rollout that declares no role metadata. A failed write is
 * logged and tried again at the next reconcile.
 */
@ApplicationScoped
public class PodRoles {
    private static final Logger LOG = Logger.getLogger(PodRoles.class);
    private static final PatchContext MERGE = Patches.MERGE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    @Inject
    public PodRoles(KubernetesClient client) {
        this.client = client;
    }

    /** Brings the ReplicaSets' pod templates and the pods of {@code stableHash} and {@code currentHash} to their roles. */
    public void sync(Rollout rollout, List<ReplicaSet> replicaSets, String stableHash, String currentHash) {
        List<EphemeralMetadata.Assignment> assignments = EphemeralMetadata.assignments(rollout, stableHash, currentHash);
        if (assignments.isEmpty()) {
            return;
        }
        String ns = rollout.getMetadata().getNamespace();
        for (EphemeralMetadata.Assignment a : assignments) {
            String rsName = rollout.getMetadata().getName() + "-" + a.hash();
            try {
                for (ReplicaSet rs : replicaSets) {
                    if (rsName.equals(rs.getMetadata().getName()) && rs.getSpec().getTemplate() != null) {
                        patchDoc(rs.getSpec().getTemplate().getMetadata(), a).ifPresent(meta -> client.apps().replicaSets()
                                .inNamespace(ns).resource(Patches.named(ReplicaSet::new, ns, rsName)).patch(MERGE, json(Map.of("spec", Map.of("template", Map.of("metadata", meta))))));
                    }
                }
                for (Pod pod : client.pods().inNamespace(ns).withLabel(TemplateHash.LABEL, a.hash()).list().getItems()) {
                    boolean owned = pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> rsName.equals(o.getName()));
                    if (owned) {
                        patchDoc(pod.getMetadata(), a).ifPresent(meta -> client.pods().inNamespace(ns)
                                .resource(Patches.named(Pod::new, ns, pod.getMetadata().getName())).patch(MERGE, json(Map.of("metadata", meta))));
                    }
                }
            } catch (KubernetesClientException e) {
                LOG.warnf("%s: could not give revision %s its pod metadata: %s", rollout.rolloutId(), a.hash(), e.getMessage());
            }
        }
    }

    private static java.util.Optional<Map<String, Object>> patchDoc(ObjectMeta meta, EphemeralMetadata.Assignment a) {
        Map<String, String> labels = EphemeralMetadata.patch(meta == null ? null : meta.getLabels(), a.want().labels(),
                a.other().labels());
        Map<String, String> annotations = EphemeralMetadata.patch(meta == null ? null : meta.getAnnotations(),
                a.want().annotations(), a.other().annotations());
        if (labels.isEmpty() && annotations.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!labels.isEmpty()) {
            doc.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            doc.put("annotations", annotations);
        }
        return java.util.Optional.of(doc);
    }

    private static String json(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
