package dev.sluice.common.messaging;

import dev.sluice.events.CheckCompleted;
import dev.sluice.events.EventType;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A consumer whose handler writes to the Kubernetes API, as the controller's and analysis' do: each check becomes a
 * ConfigMap named after it, written through the cluster address the app is configured with.
 */
@ApplicationScoped
public class ClusterWriter {
    @Inject
    EventIntake intake;

    @ConfigProperty(name = "sluice.test.outage.kubernetes-url")
    Optional<String> clusterUrl;

    private KubernetesClient client;

    @Incoming("outage-in")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return intake.acceptInLanes("outage-in", message, Set.of(EventType.CHECK_COMPLETED), event -> {
            CheckCompleted check = (CheckCompleted) event.data();
            client().configMaps().inNamespace("outage").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName(check.checkName()).endMetadata()
                    .addToData("rollout", check.rolloutId()).build()).createOr(existing -> existing.update());
            return CompletableFuture.completedFuture(null);
        });
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = ClusterOutage.client(clusterUrl.orElseThrow());
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
