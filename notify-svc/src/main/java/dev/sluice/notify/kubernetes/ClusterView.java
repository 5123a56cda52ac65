package dev.sluice.notify.kubernetes;

import dev.sluice.notify.decide.NotifyConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What notify-svc reads from Kubernetes, read when an event needs it (a few GETs per notifying event, no
 * watches): the Rollout (subscription annotations, container images), the notifications ConfigMap of the
 * rollout's namespace and of Sluice's own namespace, and the Secret of the same name beside the ConfigMap whose
 * service a delivery uses. The Secret's values never leave the delivery that needs them.
 */
@ApplicationScoped
public class ClusterView {
    private static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder()
            .withGroup("sluice.dev").withVersion("v1alpha1").withPlural("rollouts").withKind("Rollout").withNamespaced(true).build();

    /** The Rollout's annotations and the images of its pod template (empty when it is gone or uses a workloadRef). */
    public record RolloutView(Map<String, String> annotations, List<String> images) {
    }

    @Inject
    KubernetesClient client;

    @ConfigProperty(name = "sluice.notify.config-map")
    String configMapName;

    @ConfigProperty(name = "sluice.notify.secret")
    String secretName;

    @ConfigProperty(name = "sluice.notify.namespace")
    String clusterNamespace;

    public String clusterNamespace() {
        return clusterNamespace;
    }

    public String secretName() {
        return secretName;
    }

    public RolloutView rollout(String namespace, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ROLLOUTS).inNamespace(namespace).withName(name).get();
        if (r == null) {
            return new RolloutView(Map.of(), List.of());
        }
        Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
        List<String> images = new ArrayList<>();
        Object spec = r.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> s && s.get("template") instanceof Map<?, ?> t && t.get("spec") instanceof Map<?, ?> ps
                && ps.get("containers") instanceof List<?> containers) {
            for (Object c : containers) {
                if (c instanceof Map<?, ?> m && m.get("image") != null) {
                    images.add(m.get("image").toString());
                }
            }
        }
        return new RolloutView(annotations, images);
    }

    public NotifyConfig config(String namespace) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(configMapName).get();
        return cm == null ? NotifyConfig.EMPTY : NotifyConfig.parse("ConfigMap " + namespace + "/" + configMapName, cm.getData());
    }

    public Map<String, String> secret(String namespace) {
        Secret s = client.secrets().inNamespace(namespace).withName(secretName).get();
        Map<String, String> out = new HashMap<>();
        if (s != null) {
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (s.getStringData() != null) {
                out.putAll(s.getStringData());
            }
        }
        return out;
    }
}
