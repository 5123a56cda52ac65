package dev.sluice.cli.kube;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.cli.CliError;
import dev.sluice.cli.render.RolloutTree;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CLI's only adapter to Kubernetes: reads rollouts and their ReplicaSets, pods and AnalysisRuns, and writes
 * the command annotation or a spec change with the user's own credentials (their RBAC decides). Every client
 * failure leaves here as a one-line {@link CliError}.
 */
public final class Cluster implements AutoCloseable {
    public static final String ROLLOUTS = "rollouts.sluice.dev";
    private static final String ROLLOUT_LABEL = "sluice.dev/rollout";

    private final KubernetesClient client;
    private final String namespace;

    public Cluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** From the kubeconfig (KUBECONFIG or ~/.kube/config, or the given file), its current or the given context. */
    public static Cluster connect(String kubeconfig, String context, String namespace) {
        if (kubeconfig != null) {
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig);
        }
        Config config = Config.autoConfigure(context);
        config.setRequestRetryBackoffLimit(0);
        String ns = namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
        return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), ns);
    }

    public String namespace() {
        return namespace;
    }

    public KubernetesClient client() {
        return client;
    }

    public Rollout rollout(String name) {
        Rollout r = call(new ApiErrors.Attempt("get", ROLLOUTS, namespace, name),
                () -> client.resources(Rollout.class).inNamespace(namespace).withName(name).get());
        if (r == null) {
            // fabric8 answers null for any 404: tell a missing rollout from a cluster without the CRD
            list(false);
            throw new CliError(ApiErrors.describe(new ApiErrors.Attempt("get", ROLLOUTS, namespace, name), 404, "", false));
        }
        return r;
    }

    public List<Rollout> list(boolean allNamespaces) {
        ApiErrors.Attempt attempt = new ApiErrors.Attempt("list", ROLLOUTS, allNamespaces ? null : namespace, null);
        return call(attempt, () -> (allNamespaces ? client.resources(Rollout.class).inAnyNamespace()
                : client.resources(Rollout.class).inNamespace(namespace)).list(new ListOptionsBuilder().build()).getItems());
    }

    /** The rollout with its ReplicaSets, their pods and its AnalysisRuns. */
    public RolloutTree.Snapshot snapshot(String name) {
        Rollout r = rollout(name);
        List<ReplicaSet> sets = call(new ApiErrors.Attempt("list", "replicasets.apps", namespace, null),
                () -> client.apps().replicaSets().inNamespace(namespace).withLabel(ROLLOUT_LABEL, name).list().getItems());
        List<String> hashes = sets.stream().map(rs -> rs.getMetadata().getLabels().get(RolloutTree.HASH_LABEL)).toList();
        List<Pod> pods = hashes.isEmpty() ? List.of() : call(new ApiErrors.Attempt("list", "pods", namespace, null),
                () -> client.pods().inNamespace(namespace).withLabelIn(RolloutTree.HASH_LABEL, hashes.toArray(String[]::new))
                        .list().getItems());
        List<AnalysisRun> runs;
        try {
            runs = client.resources(AnalysisRun.class).inNamespace(namespace).withLabel(ROLLOUT_LABEL, name).list().getItems();
        } catch (KubernetesClientException e) {
            runs = List.of(); // runs are extra detail: a user who may not list them still sees the rollout
        }
        return new RolloutTree.Snapshot(r, sets, pods.stream()
                .filter(p -> p.getMetadata().getOwnerReferences() == null || p.getMetadata().getOwnerReferences().isEmpty()
                        || p.getMetadata().getOwnerReferences().stream().anyMatch(o -> sets.stream()
                                .anyMatch(rs -> rs.getMetadata().getName().equals(o.getName()))))
                .toList(), runs);
    }

    /** A JSON merge patch on the rollout (metadata or spec): needs {@code patch} on rollouts. */
    public void mergePatch(String name, String patch) {
        call(new ApiErrors.Attempt("patch", ROLLOUTS, namespace, name), () -> client.resources(Rollout.class).inNamespace(namespace)
                .withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    /** A JSON patch (RFC 6902) on the rollout; its {@code test} operations guard against a concurrent change. */
    public void jsonPatch(String name, String patch) {
        call(new ApiErrors.Attempt("patch", ROLLOUTS, namespace, name), () -> client.resources(Rollout.class).inNamespace(namespace)
                .withName(name).patch(PatchContext.of(PatchType.JSON), patch));
    }

    /** Who the API server says the user is (SelfSubjectReview), else the kubeconfig's user name. */
    public String whoAmI() {
        try {
            var review = client.resource(new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder().build()).create();
            if (review.getStatus() != null && review.getStatus().getUserInfo() != null
                    && review.getStatus().getUserInfo().getUsername() != null) {
                return review.getStatus().getUserInfo().getUsername();
            }
        } catch (RuntimeException e) {
            // older clusters and test servers do not serve it
        }
        var context = client.getConfiguration().getCurrentContext();
        return context != null && context.getContext() != null && context.getContext().getUser() != null
                ? context.getContext().getUser() : System.getProperty("user.name");
    }

    /** A watcher that releases a permit on every event (and when the watch closes): the caller redraws or re-reads. */
    public static <T> io.fabric8.kubernetes.client.Watcher<T> signal(java.util.concurrent.Semaphore changed) {
        return new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                changed.release();
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                changed.release();
            }
        };
    }

    <T> T call(ApiErrors.Attempt attempt, Supplier<T> work) {
        try {
            return work.get();
        } catch (KubernetesClientException e) {
            boolean crdMissing = e.getCode() == 404 && attempt.resource().equals(ROLLOUTS) && attempt.name() == null;
            throw ApiErrors.of(attempt, e, crdMissing);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
