package dev.sluice.controller.workload;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.values.LabelValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The informer caches the controller holds (Rollouts, their ReplicaSets, Deployments a {@code workloadRef} names,
 * Services, PodDisruptionBudgets and HorizontalPodAutoscalers), so a reconcile reads from memory and a resync of an
 * unchanged rollout calls no API (Argo Rollouts reads its listers the same way). Each lookup is an index, never a scan
 * of every object: ReplicaSets by rollout, Services by each key/value of their selector. The controller's own writes
 * are put into the cache at once ({@link #wrote}), so the next reconcile does not act on what it just changed.
 * Empty (every getter answers {@link Optional#empty()}) until the reconciler registered its event sources; callers
 * then read from the API server.
 */
@ApplicationScoped
public class ClusterCache {
    private static final String BY_ROLLOUT = "by-rollout";
    private static final String BY_SELECTOR = "by-selector-label";
    private static final String BY_NAMESPACE = "by-namespace";
    private static final String REFERRED = "referred";

    private volatile IndexerResourceCache<Rollout> rollouts;
    private volatile InformerEventSource<ReplicaSet, Rollout> replicaSets;
    private volatile InformerEventSource<Deployment, Rollout> deployments;
    private volatile InformerEventSource<Service, Rollout> services;
    private volatile InformerEventSource<PodDisruptionBudget, Rollout> budgets;
    private volatile InformerEventSource<HorizontalPodAutoscaler, Rollout> autoscalers;

    /**
     * Builds the event sources (called once from the reconciler's {@code prepareEventSources}). ReplicaSet and
     * Deployment changes reconcile the Rollout they belong to; a Service, budget or autoscaler added, deleted or changed
     * in what a reconcile reads of it reconciles the Rollouts it could concern ({@link Referrers}; the controller's own
     * hash-selector writes and status-only changes reconcile nothing). A ReplicaSet's addition or change reconciles its
     * Rollout only when {@code owned} accepts it (the rollout's partition is this replica's); every change still
     * reaches the cache.
     */
    public List<EventSource<?, Rollout>> register(EventSourceContext<Rollout> context, Predicate<ReplicaSet> owned) {
        rollouts = context.getPrimaryCache();
        replicaSets = new InformerEventSource<>(InformerEventSourceConfiguration.from(ReplicaSet.class, Rollout.class)
                .withName("replicasets")
                .withLabelSelector(Workloads.ROLLOUT_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Rollout.class))
                .withOnAddFilter(owned::test)
                .withOnUpdateFilter((updated, old) -> owned.test(updated))
                .build(), context);
        replicaSets.addIndexers(Map.of(BY_ROLLOUT, rs -> List.of(rs.getMetadata().getNamespace() + "/"
                + rs.getMetadata().getLabels().get(Workloads.ROLLOUT_LABEL))));
        deployments = new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, Rollout.class)
                .withName("referenced-deployments")
                .withSecondaryToPrimaryMapper(d -> context.getPrimaryCache()
                        .list(r -> r.getSpec() != null && r.getSpec().workloadRef != null
                                && d.getMetadata().getName().equals(r.getSpec().workloadRef.name)
                                && d.getMetadata().getNamespace().equals(r.getMetadata().getNamespace()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        rollouts.addIndexers(Map.of(REFERRED, Referrers::keys));
        Function<String, List<Rollout>> referring = key -> rollouts.byIndex(REFERRED, key);
        services = new InformerEventSource<>(InformerEventSourceConfiguration.from(Service.class, Rollout.class)
                .withName("services")
                .withSecondaryToPrimaryMapper(s -> Referrers.ofService(s, referring))
                .withOnUpdateFilter(Referrers::changesWhatIsRead)
                .build(), context);
        services.addIndexers(Map.of(BY_SELECTOR, s -> s.getSpec() == null || s.getSpec().getSelector() == null ? List.of()
                : s.getSpec().getSelector().entrySet().stream()
                        .map(e -> s.getMetadata().getNamespace() + "/" + e.getKey() + "=" + e.getValue()).toList()));
        budgets = new InformerEventSource<>(InformerEventSourceConfiguration.from(PodDisruptionBudget.class, Rollout.class)
                .withName("budgets")
                .withSecondaryToPrimaryMapper(b -> Referrers.ofBudget(b, referring))
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getSpec(), before.getSpec()))
                .build(), context);
        autoscalers = new InformerEventSource<>(InformerEventSourceConfiguration.from(HorizontalPodAutoscaler.class, Rollout.class)
                .withName("autoscalers")
                .withSecondaryToPrimaryMapper(Referrers::ofAutoscaler)
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getSpec(), before.getSpec()))
                .build(), context);
        for (var source : List.of(budgets, autoscalers)) {
            source.addIndexers(Map.of(BY_NAMESPACE, o -> List.of(o.getMetadata().getNamespace())));
        }
        return List.of(replicaSets, deployments, services, budgets, autoscalers);
    }

    /** The Rollout as the informer last saw it (or as this controller last wrote it); never mutate it. */
    public Optional<Rollout> rollout(String namespace, String name) {
        var cache = rollouts;
        return cache == null ? Optional.empty() : cache.get(new ResourceID(name, namespace));
    }

    /** The rollout's ReplicaSets (label {@value Workloads#ROLLOUT_LABEL}), or empty before the cache exists. */
    public Optional<List<ReplicaSet>> replicaSets(Rollout rollout) {
        var source = replicaSets;
        return source == null ? Optional.empty() : Optional.of(source.byIndex(BY_ROLLOUT,
                rollout.getMetadata().getNamespace() + "/" + LabelValues.of(rollout.getMetadata().getName())));
    }

    /** The Deployment; the outer Optional is empty before the cache exists, the inner one when it does not exist. */
    public Optional<Optional<Deployment>> deployment(String namespace, String name) {
        var source = deployments;
        return source == null ? Optional.empty() : Optional.of(source.get(new ResourceID(name, namespace)));
    }

    /** The Service; the outer Optional is empty before the cache exists, the inner one when it does not exist. */
    public Optional<Optional<Service>> service(String namespace, String name) {
        var source = services;
        return source == null ? Optional.empty() : Optional.of(source.get(new ResourceID(name, namespace)));
    }

    /** Services of the namespace with at least one selector key/value among these pod labels (a superset of those selecting the pods). */
    public Optional<List<Service>> servicesSharingALabel(String namespace, Map<String, String> podLabels) {
        var source = services;
        if (source == null) {
            return Optional.empty();
        }
        Map<String, Service> found = new LinkedHashMap<>();
        podLabels.forEach((k, v) -> source.byIndex(BY_SELECTOR, namespace + "/" + k + "=" + v)
                .forEach(s -> found.putIfAbsent(s.getMetadata().getName(), s)));
        return Optional.of(List.copyOf(found.values()));
    }

    public Optional<List<PodDisruptionBudget>> budgets(String namespace) {
        var source = budgets;
        return source == null ? Optional.empty() : Optional.of(source.byIndex(BY_NAMESPACE, namespace));
    }

    public Optional<List<HorizontalPodAutoscaler>> autoscalers(String namespace) {
        var source = autoscalers;
        return source == null ? Optional.empty() : Optional.of(source.byIndex(BY_NAMESPACE, namespace));
    }

    /** Puts what the API server answered to this controller's write into the cache before the watch delivers it. */
    public void wrote(HasMetadata written) {
        if (written == null) {
            return;
        }
        ManagedInformerEventSource<?, ?, ?> source = written instanceof ReplicaSet ? replicaSets
                : written instanceof Service ? services
                : written instanceof Deployment ? deployments
                : written instanceof Rollout && rollouts instanceof ManagedInformerEventSource<?, ?, ?> m ? m : null;
        if (source != null) {
            put(source, written);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> void put(ManagedInformerEventSource<R, ?, ?> source, HasMetadata written) {
        source.handleRecentResourceUpdate(ResourceID.fromResource(written), (R) written, null);
    }
}
