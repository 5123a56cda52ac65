package dev.sluice.analysis.kubernetes;

import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.api.analysis.ClusterAnalysisTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Reads AnalysisTemplates (in the rollout's namespace) and ClusterAnalysisTemplates. */
@ApplicationScoped
public class TemplateSource {
    private final KubernetesClient client;

    @Inject
    public TemplateSource(KubernetesClient client) {
        this.client = client;
    }

    public Optional<AnalysisTemplateSpec> find(String namespace, String name, boolean clusterScope) {
        if (clusterScope) {
            ClusterAnalysisTemplate t = client.resources(ClusterAnalysisTemplate.class).withName(name).get();
            return t == null ? Optional.empty() : Optional.ofNullable(t.getSpec()).or(() -> Optional.of(new AnalysisTemplateSpec()));
        }
        AnalysisTemplate t = client.resources(AnalysisTemplate.class).inNamespace(namespace).withName(name).get();
        return t == null ? Optional.empty() : Optional.ofNullable(t.getSpec()).or(() -> Optional.of(new AnalysisTemplateSpec()));
    }
}
