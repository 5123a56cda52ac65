package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.rollout.ResyncSkip;
import dev.sluice.controller.workload.ClusterCache;
import dev.sluice.controller.workload.EphemeralMetadata;
import dev.sluice.controller.workload.Referrers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Adapter for {@link ResyncSkip}: reads a reconcile's inputs by version from the informer caches and keeps, per owned
 * rollout, the memo of its last completed reconcile. A memo goes when the rollout is gone, its reconcile failed, or
 * its partition moved to another replica.
 */
@ApplicationScoped
public class ReconcileMemos {
    private final ClusterCache cache;
    private final Map<String, ResyncSkip.Memo> memos = new ConcurrentHashMap<>();
    /** Rollouts whose last reconcile threw: the SDK retries them with backoff, the resync pass leaves them to it. */
    private final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

    @Inject
    public ReconcileMemos(ClusterCache cache) {
        this.cache = cache;
    }

    /** What a reconcile of {@code rollout} reads, by version; empty while the caches do not exist yet (never skipped then). */
    public Optional<ResyncSkip.Inputs> inputs(Rollout rollout) {
        Optional<List<ReplicaSet>> replicaSets = cache.replicaSets(rollout);
        if (replicaSets.isEmpty() || rollout.getMetadata().getResourceVersion() == null) {
            return Optional.empty();
        }
        String ns = rollout.getMetadata().getNamespace();
        List<String> versions = new ArrayList<>();
        replicaSets.get().stream().sorted(Comparator.comparing(rs -> rs.getMetadata().getName()))
                .forEach(rs -> versions.add(version("ReplicaSet", rs.getMetadata().getName(), Optional.of(rs))));
        RolloutSpec spec = rollout.getSpec();
        if (spec != null && spec.workloadRef != null && spec.workloadRef.name != null) {
            Optional<? extends Optional<? extends HasMetadata>> d = cache.deployment(ns, spec.workloadRef.name);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            versions.add(version("Deployment", spec.workloadRef.name, d.get()));
        }
        for (String service : Referrers.namedServices(spec)) {
            Optional<? extends Optional<? extends HasMetadata>> s = cache.service(ns, service);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            versions.add(version("Service", service, s.get()));
        }
        boolean commands = rollout.getStatus() != null && rollout.getStatus().pendingCommands != null
                && !rollout.getStatus().pendingCommands.isEmpty();
        boolean pods = !EphemeralMetadata.assignments(rollout, "stable", "current").isEmpty();
        return Optional.of(new ResyncSkip.Inputs(rollout.getMetadata().getResourceVersion(), commands, pods, versions));
    }

    public Optional<ResyncSkip.Memo> last(String rolloutId) {
        return Optional.ofNullable(memos.get(rolloutId));
    }

    public void remember(String rolloutId, ResyncSkip.Memo memo) {
        failing.remove(rolloutId);
        memos.put(rolloutId, memo);
    }

    public void forget(String rolloutId) {
        failing.remove(rolloutId);
        memos.remove(rolloutId);
    }

    /** The rollout's reconcile threw: no memo, and the resync pass leaves it to the SDK's retry (1 s doubling to 5 min). */
    public void failed(String rolloutId) {
        memos.remove(rolloutId);
        failing.add(rolloutId);
    }

    public boolean retrying(String rolloutId) {
        return failing.contains(rolloutId);
    }

    /** Forgets the memos of the rollouts {@code which} selects (their partitions were revoked, or they are gone). */
    public void forgetAll(Predicate<String> which) {
        memos.keySet().removeIf(which);
        failing.removeIf(which);
    }

    int size() {
        return memos.size();
    }

    private static String version(String kind, String name, Optional<? extends HasMetadata> object) {
        return kind + "/" + name + "@" + object.map(o -> o.getMetadata().getResourceVersion()).orElse("-");
    }
}
