package dev.sluice.traffic.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.common.messaging.Transience;
import dev.sluice.traffic.router.ObjectRef;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.shift.RouteStore;
import dev.sluice.traffic.shift.StoreException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Route objects through the fabric8 client as {@link GenericKubernetesResource}s, so no CRD classes are needed.
 * Updates are full replaces carrying the read {@code resourceVersion} (the API answers 409 when it is stale);
 * no strategic merge or server-side apply.
 */
@ApplicationScoped
public class KubernetesRouteStore implements RouteStore {

    private final KubernetesClient client;

    @Inject
    public KubernetesRouteStore(KubernetesClient client) {
        this.client = client;
    }

    static ResourceDefinitionContext context(RouteKind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind()).withPlural(kind.plural())
                .withNamespaced(true).build();
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> of(RouteKind kind) {
        return client.genericKubernetesResources(context(kind));
    }

    @Override
    public Optional<ObjectNode> get(ObjectRef ref) {
        try {
            GenericKubernetesResource found = of(ref.kind()).inNamespace(ref.namespace()).withName(ref.name()).get();
            return Optional.ofNullable(found).map(this::tree);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw translate(e);
        }
    }

    @Override
    public ObjectNode create(ObjectRef ref, ObjectNode object) {
        try {
            return tree(of(ref.kind()).inNamespace(ref.namespace()).resource(resource(object)).create());
        } catch (KubernetesClientException e) {
            throw translate(e);
        }
    }

    @Override
    public ObjectNode update(ObjectRef ref, ObjectNode object) {
        try {
            return tree(of(ref.kind()).inNamespace(ref.namespace()).resource(resource(object)).update());
        } catch (KubernetesClientException e) {
            throw translate(e);
        }
    }

    @Override
    public List<ObjectNode> listStamped(RouteKind kind, String namespace, String rolloutLabel) {
        try {
            var op = namespace == null ? of(kind).inAnyNamespace() : of(kind).inNamespace(namespace);
            var filtered = rolloutLabel == null ? op.withLabel(Stamp.ROLLOUT_LABEL) : op.withLabel(Stamp.ROLLOUT_LABEL, rolloutLabel);
            return filtered.list().getItems().stream().map(this::tree).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw translate(e);
        }
    }

    private ObjectNode tree(GenericKubernetesResource resource) {
        return client.getKubernetesSerialization().convertValue(resource, ObjectNode.class);
    }

    private GenericKubernetesResource resource(ObjectNode object) {
        return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    }

    /** The message says what the API answered; callers say what they were doing. */
    private static StoreException translate(KubernetesClientException e) {
        StoreException.Kind kind = e.getCode() == 409 ? StoreException.Kind.CONFLICT
                : Transience.isTransientStatus(e.getCode()) ? StoreException.Kind.TRANSIENT : StoreException.Kind.PERMANENT;
        if (e.getCode() == 0) {
            return new StoreException(kind, "no answer from the Kubernetes API: " + e.getMessage());
        }
        String message = e.getStatus() == null ? null
                : e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getStatus().getReason();
        return new StoreException(kind, "HTTP " + e.getCode() + (message == null || message.isBlank() ? "" : " " + message));
    }
}
