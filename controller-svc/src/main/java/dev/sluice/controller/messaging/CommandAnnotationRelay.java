package dev.sluice.controller.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutCommandName;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.common.ownership.PartitionOwnership;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns the {@value #ANNOTATION} annotation, which {@code kubectl sluice promote|abort|retry|pause|resume} writes on a
 * Rollout, into the {@code dev.sluice.command.*} event on {@code sluice.rollout.commands}, then removes the
 * annotation. The CLI so needs only the user's kubeconfig and RBAC ({@code patch} on {@code rollouts}); chat-ops and
 * audit see the command on Kafka like any other, and the controller acts on it through {@link ControllerInbox}.
 * <p>
 * Only the replica that owns the rollout relays, each annotation once until its removal is seen ({@link RelayedCommands}).
 * The event keeps the annotation's id as its CloudEvents id, so a crash between publishing and removing (or a new
 * owner after a rebalance) relays it again under the same id, which the inbox records once.
 */
@ApplicationScoped
public class CommandAnnotationRelay {
    public static final String ANNOTATION = "sluice.dev/command";
    private static final Logger LOG = Logger.getLogger(CommandAnnotationRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RESYNC_MS = 30_000;

    @Inject
    KubernetesClient client;
    @Inject
    EventPublisher publisher;
    @Inject
    PartitionOwnership ownership;

    private volatile SharedIndexInformer<Rollout> informer;
    private final RelayedCommands relayed = new RelayedCommands();

    /** A command as the CLI writes it; {@code revision} binds it to the pod-template hash the user saw. */
    public record Request(String id, EventType type, String revision, String requestedBy, String reason, Instant time) {
    }

    /** Reads the annotation's JSON; empty when it is not a command this controller knows (the reason is logged). */
    public static Optional<Request> parse(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            String command = n.path("command").asText("");
            Optional<EventType> type = CommandTypes.type(RolloutCommandName.of(command));
            String id = n.path("id").asText("");
            if (type.isEmpty() || id.isBlank()) {
                return Optional.empty();
            }
            Instant time = n.hasNonNull("time") ? Instant.parse(n.get("time").asText()) : Instant.now();
            return Optional.of(new Request(id, type.get(), text(n, "revision"), text(n, "requestedBy"), text(n, "reason"), time));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) && !n.get(field).asText().isBlank() ? n.get(field).asText() : null;
    }

    void start(@Observes StartupEvent event) {
        informer = client.resources(Rollout.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Rollout r) {
                relay(r);
            }

            @Override
            public void onUpdate(Rollout before, Rollout r) {
                relay(r);
            }

            @Override
            public void onDelete(Rollout r, boolean unknownFinalState) {
                relayed.removed(r.rolloutId());
            }
        }, RESYNC_MS);
        ownership.tracker().onGained(gained -> informer.getStore().list().forEach(this::relay));
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    private void relay(Rollout r) {
        Map<String, String> annotations = r.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        String id = r.rolloutId();
        if (value == null) {
            relayed.removed(id);
            return;
        }
        if (!ownership.owns(id) || !relayed.first(id, value)) {
            return; // another replica's, or relayed already and its removal not delivered yet
        }
        try {
            Optional<Request> request = parse(value);
            if (request.isEmpty()) {
                LOG.warnf("%s: annotation %s is not a command (promote, promote-full, abort, retry, pause, resume with an id); removed: %s",
                        id, ANNOTATION, value);
            } else {
                Request c = request.get();
                publisher.publish(c.type(), new RolloutCommand(id, c.revision(), c.requestedBy(), c.reason(), c.time()), c.id())
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                LOG.infof("%s: %s from %s (revision %s) relayed from the %s annotation", id, c.type().ceType(), c.requestedBy(),
                        c.revision(), ANNOTATION);
            }
            remove(r, value);
        } catch (Exception e) {
            relayed.failed(id, value);
            // left in place: the next informer resync relays it again under the same id
            LOG.warnf("%s: relaying the %s annotation failed, retried on the next resync: %s", id, ANNOTATION, e.getMessage());
        }
    }

    /** Removes the annotation only if it still holds the relayed command (JSON Patch test), never a newer one. */
    private void remove(Rollout r, String value) {
        String path = "/metadata/annotations/" + ANNOTATION.replace("~", "~0").replace("/", "~1");
        String patch = JSON.createArrayNode()
                .add(JSON.createObjectNode().put("op", "test").put("path", path).put("value", value))
                .add(JSON.createObjectNode().put("op", "remove").put("path", path)).toString();
        try {
            client.resources(Rollout.class).inNamespace(r.getMetadata().getNamespace()).withName(r.getMetadata().getName())
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON), patch);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 422 && e.getCode() != 404) {
                throw e;
            }
            // a newer command replaced it (the test failed) or the rollout is gone: nothing to remove
        }
    }
}
