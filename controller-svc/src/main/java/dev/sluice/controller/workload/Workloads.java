package dev.sluice.controller.workload;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.values.LabelValues;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.WorkloadScaleDown;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The Kubernetes side of a rollout's pods: one ReplicaSet per revision ({@code <rollout>-<hash>}, labelled with
 * the hash and owned by the Rollout), the stable/canary Service selectors, and the Deployment named by
 * {@code workloadRef}. Thin: it carries out decisions, it does not make them.
 */
@ApplicationScoped
public class Workloads {
    private static final PatchContext MERGE = Patches.MERGE;
    /** Label on every ReplicaSet of a rollout, naming the rollout. */
    public static final String ROLLOUT_LABEL = "sluice.dev/rollout";
    private static final Logger LOG = Logger.getLogger(Workloads.class);
    /** Annotation on a referenced Deployment: its replicas before Sluice first scaled it down. */
    public static final String REPLICAS_ANNOTATION = "sluice.dev/replicas-before-scale-down";

    private final KubernetesClient client;
    private final ClusterCache cache;

    @Inject
    public Workloads(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /**
     * The pod template in force: the Rollout's own, or the referenced Deployment's. Empty when the Deployment is
     * missing, and for an invalid Rollout that names none.
     */
    public Optional<PodTemplateSpec> template(Rollout rollout) {
        if (rollout.getSpec().template != null) {
            return Optional.of(rollout.getSpec().template);
        }
        if (rollout.getSpec().workloadRef == null || rollout.getSpec().workloadRef.name == null) {
            return Optional.empty();
        }
        Deployment d = referenced(rollout);
        return d == null ? Optional.empty() : Optional.of(d.getSpec().getTemplate());
    }

    /**
     * The replicas of the Deployment a {@code workloadRef} names, for a Rollout that sets none (Flagger's rule): the
     * count it had before Sluice scaled it down (annotation {@value #REPLICAS_ANNOTATION}), else its
     * {@code spec.replicas}. Null without a workloadRef, with {@code spec.replicas} set, or when the Deployment is missing.
     */
    public Integer referencedReplicas(Rollout rollout) {
        if (rollout.getSpec().workloadRef == null || rollout.getSpec().replicas != null || rollout.getSpec().workloadRef.name == null) {
            return null;
        }
        Deployment d = referenced(rollout);
        if (d == null) {
            return null;
        }
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        String recorded = annotations == null ? null : annotations.get(REPLICAS_ANNOTATION);
        if (recorded != null && recorded.matches("\\d{1,9}")) {
            return Integer.parseInt(recorded);
        }
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private Deployment referenced(Rollout rollout) {
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getSpec().workloadRef.name;
        return cache.deployment(ns, name).orElseGet(() -> Optional.ofNullable(client.apps().deployments().inNamespace(ns)
                .withName(name).get())).orElse(null);
    }

    /** The rollout's ReplicaSets, from the informer cache (from the API server only before the cache exists). */
    public List<ReplicaSet> replicaSets(Rollout rollout) {
        return cache.replicaSets(rollout).orElseGet(() -> client.apps().replicaSets().inNamespace(rollout.getMetadata().getNamespace())
                .withLabel(ROLLOUT_LABEL, LabelValues.of(rollout.getMetadata().getName())).list().getItems()).stream()
                .filter(rs -> rs.getMetadata().getLabels() != null && rs.getMetadata().getLabels().containsKey(TemplateHash.LABEL))
                .toList();
    }

    public static List<ReplicaSetFacts> facts(List<ReplicaSet> replicaSets) {
        return replicaSets.stream().map(rs -> new ReplicaSetFacts(rs.getMetadata().getLabels().get(TemplateHash.LABEL),
                orZero(rs.getSpec().getReplicas()),
                rs.getStatus() == null ? 0 : orZero(rs.getStatus().getReadyReplicas()),
                rs.getStatus() == null ? 0 : orZero(rs.getStatus().getAvailableReplicas()),
                created(rs.getMetadata().getCreationTimestamp()))).toList();
    }

    private static Instant created(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Scales the revision's ReplicaSet (one merge-patch write), creating it from the template when it does not exist. */
    public void scale(Rollout rollout, PodTemplateSpec template, String hash, int replicas) {
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName() + "-" + hash;
        try {
            cache.wrote(client.apps().replicaSets().inNamespace(ns).resource(Patches.named(ReplicaSet::new, ns, name))
                    .patch(MERGE, "{\"spec\":{\"replicas\":" + replicas + "}}"));
            return;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        if (template == null) {
            LOG.warnf("%s: ReplicaSet of revision %s is missing and its template is gone; not recreated", rollout.rolloutId(), hash);
            return;
        }
        Map<String, String> podLabels = new HashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels());
        podLabels.put(TemplateHash.LABEL, hash);
        PodTemplateSpec pods = new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(podLabels).endMetadata().build();
        Map<String, String> match = new HashMap<>(selectorLabels(rollout));
        match.put(TemplateHash.LABEL, hash);
        cache.wrote(client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .addToLabels(ROLLOUT_LABEL, LabelValues.of(rollout.getMetadata().getName())).addToLabels(TemplateHash.LABEL, hash)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
                        .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().withMatchLabels(match).build())
                .withTemplate(pods).endSpec()
                .build()).create());
        LOG.infof("%s: created ReplicaSet %s for revision %s with %d replicas", rollout.rolloutId(), name, hash, replicas);
    }

    /** Points a Service's selector at a revision; a missing Service is reported, not fatal. */
    public boolean pointService(Rollout rollout, String service, String hash) {
        if (service == null) {
            return true;
        }
        String ns = rollout.getMetadata().getNamespace();
        Service svc = cache.service(ns, service).orElseGet(() -> Optional.ofNullable(client.services().inNamespace(ns)
                .withName(service).get())).orElse(null);
        if (svc == null) {
            LOG.warnf("%s: Service %s/%s not found; cannot point it at revision %s", rollout.rolloutId(), ns, service, hash);
            return false;
        }
        Map<String, String> selector = svc.getSpec().getSelector();
        if (selector != null && hash.equals(selector.get(TemplateHash.LABEL))) {
            return true;
        }
        cache.wrote(client.services().inNamespace(ns).resource(Patches.named(Service::new, ns, service))
                .patch(MERGE, "{\"spec\":{\"selector\":{\"" + TemplateHash.LABEL + "\":\"" + hash + "\"}}}"));
        LOG.infof("%s: Service %s selects revision %s", rollout.rolloutId(), service, hash);
        return true;
    }

    /** Deletes scaled-down ReplicaSets beyond {@code revisionHistoryLimit}, oldest first, never stable or current. */
    public void pruneHistory(Rollout rollout, List<ReplicaSet> replicaSets, String stable, String current, int limit) {
        List<ReplicaSet> old = replicaSets.stream()
                .filter(rs -> {
                    String hash = rs.getMetadata().getLabels().get(TemplateHash.LABEL);
                    return !hash.equals(stable) && !hash.equals(current) && orZero(rs.getSpec().getReplicas()) == 0;
                })
                .sorted(Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .toList();
        for (ReplicaSet rs : old.subList(Math.min(limit, old.size()), old.size())) {
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName()).delete();
            LOG.infof("%s: deleted ReplicaSet %s beyond revisionHistoryLimit %d", rollout.rolloutId(), rs.getMetadata().getName(), limit);
        }
    }

    /**
     * Carries out {@code workloadRef.scaleDown} ({@link WorkloadScaleDown}): sets the referenced Deployment's replicas to
     * what the mode asks for, recording the count it had before the first scale-down in {@value #REPLICAS_ANNOTATION}
     * (so a Rollout without {@code replicas} keeps taking its size from there).
     */
    public void scaleReferencedDeployment(Rollout rollout, int replicas, int stableAvailable, boolean healthy) {
        var ref = rollout.getSpec().workloadRef;
        if (ref == null || ref.name == null) {
            return;
        }
        int want = WorkloadScaleDown.of(ref.scaleDown).deploymentReplicas(replicas, stableAvailable, healthy);
        if (want < 0) {
            return;
        }
        Deployment d = referenced(rollout);
        if (d == null || orZero(d.getSpec().getReplicas()) == want) {
            return;
        }
        int had = orZero(d.getSpec().getReplicas());
        var deployment = client.apps().deployments().inNamespace(rollout.getMetadata().getNamespace()).withName(ref.name);
        cache.wrote(deployment.edit(x -> {
            if (x.getMetadata().getAnnotations() == null || !x.getMetadata().getAnnotations().containsKey(REPLICAS_ANNOTATION)) {
                x.getMetadata().setAnnotations(new HashMap<>(x.getMetadata().getAnnotations() == null ? Map.of() : x.getMetadata().getAnnotations()));
                x.getMetadata().getAnnotations().put(REPLICAS_ANNOTATION, Integer.toString(had));
            }
            x.getSpec().setReplicas(want);
            return x;
        }));
        LOG.infof("%s: scaled referenced Deployment %s from %d to %d replicas (workloadRef.scaleDown: %s)", rollout.rolloutId(),
                ref.name, had, want, ref.scaleDown);
    }

    /** The pod selector as a string for the scale subresource. */
    public static String selectorString(Rollout rollout) {
        return selectorLabels(rollout).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static Map<String, String> selectorLabels(Rollout rollout) {
        LabelSelector selector = rollout.getSpec().selector;
        if (selector != null && selector.getMatchLabels() != null) {
            return selector.getMatchLabels();
        }
        PodTemplateSpec t = rollout.getSpec().template;
        return t != null && t.getMetadata() != null && t.getMetadata().getLabels() != null ? t.getMetadata().getLabels() : Map.of();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
