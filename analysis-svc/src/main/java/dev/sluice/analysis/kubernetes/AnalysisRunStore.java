package dev.sluice.analysis.kubernetes;

import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** AnalysisRuns in Kubernetes: the analysis service's source of truth. */
@ApplicationScoped
public class AnalysisRunStore {
    public static final String ROLLOUT_LABEL = dev.sluice.analysis.core.RunRequests.ROLLOUT_LABEL;
    public static final String REVISION_LABEL = dev.sluice.analysis.core.RunRequests.REVISION_LABEL;

    private final KubernetesClient client;

    @Inject
    public AnalysisRunStore(KubernetesClient client) {
        this.client = client;
    }

    public Optional<AnalysisRun> get(String namespace, String name) {
        return Optional.ofNullable(client.resources(AnalysisRun.class).inNamespace(namespace).withName(name).get());
    }

    /** Creates the run; when one of that name already exists, returns it instead (a duplicate request). */
    public AnalysisRun create(AnalysisRun run) {
        try {
            return client.resources(AnalysisRun.class).inNamespace(run.getMetadata().getNamespace()).resource(run).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return get(run.getMetadata().getNamespace(), run.getMetadata().getName()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /**
     * Reads the run fresh, applies {@code change} to its status and writes it; retried on a conflict. Returns
     * the run as written, or empty when it no longer exists.
     */
    public Optional<AnalysisRun> updateStatus(String namespace, String name, UnaryOperator<AnalysisRunStatus> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<AnalysisRun> current = get(namespace, name);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            AnalysisRun run = current.get();
            AnalysisRunStatus before = run.getStatus() == null ? new AnalysisRunStatus() : run.getStatus();
            AnalysisRunStatus after = change.apply(before);
            if (after == null) {
                return Optional.of(run);
            }
            run.setStatus(after);
            try {
                return Optional.of(client.resources(AnalysisRun.class).inNamespace(namespace).resource(run).updateStatus());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the run; true when it existed. */
    public boolean delete(String namespace, String name) {
        return !client.resources(AnalysisRun.class).inNamespace(namespace).withName(name).delete().isEmpty();
    }

    public List<AnalysisRun> list(String namespace, String rolloutName) {
        var runs = namespace == null ? client.resources(AnalysisRun.class).inAnyNamespace()
                : client.resources(AnalysisRun.class).inNamespace(namespace);
        if (rolloutName != null) {
            return runs.withLabel(ROLLOUT_LABEL, dev.sluice.api.values.LabelValues.of(rolloutName)).list().getItems();
        }
        return runs.list().getItems();
    }
}
