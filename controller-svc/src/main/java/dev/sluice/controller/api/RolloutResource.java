package dev.sluice.controller.api;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.common.auth.BearerAuthFilter;
import dev.sluice.common.auth.CallerCheck;
import dev.sluice.common.auth.RequiresCaller;
import dev.sluice.common.auth.StreamLimit;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.common.problem.ProblemException;
import dev.sluice.controller.messaging.CommandTypes;
import dev.sluice.events.EventType;
import dev.sluice.events.RolloutCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The controller's HTTP API: list and read rollouts, send commands, follow one rollout's events.
 * Commands are published on {@code sluice.rollout.commands} like any other system's, so whichever replica
 * answers the call, the replica owning the rollout acts on it. Reading needs a bearer token allowed {@code get} on
 * {@code rollouts.sluice.dev}: the list holds only namespaces the caller may read, one rollout and its event stream
 * need {@code get} on it; streams are limited per caller ({@link StreamLimit}).
 */
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RolloutResource {

    @Inject
    KubernetesClient client;
    @Inject
    EventPublisher publisher;
    @Inject
    StepEventStream stream;
    @Inject
    Clock clock;
    @Inject
    Sse sse;
    @Inject
    CallerCheck callers;
    @Inject
    StreamLimit streams;

    @GET
    public List<RolloutView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("namespace") String namespace) {
        var readable = callers.namespaces(authorization, "get", RolloutLookup.RESOURCE);
        if (namespace != null && !readable.test(RolloutLookup.valid("namespace", namespace))) {
            throw new ProblemException(403, "Forbidden", "the caller may not get rollouts.sluice.dev in namespace " + namespace, List.of());
        }
        var rollouts = namespace == null ? client.resources(Rollout.class).inAnyNamespace().list()
                : client.resources(Rollout.class).inNamespace(namespace).list();
        return rollouts.getItems().stream().filter(r -> readable.test(r.getMetadata().getNamespace())).map(RolloutView::summary)
                .sorted(Comparator.comparing(RolloutView::namespace).thenComparing(RolloutView::name)).toList();
    }

    @GET
    @Path("/{namespace}/{name}")
    @RequiresCaller(verb = "get", resource = RolloutLookup.RESOURCE)
    public RolloutView get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return RolloutView.detail(RolloutLookup.find(client, namespace, name));
    }

    @POST
    @Path("/{namespace}/{name}/promote")
    @RequiresCaller
    public Response promote(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("full") boolean full, @QueryParam("reason") String reason, @Context ContainerRequestContext request) {
        return send(namespace, name, full ? EventType.COMMAND_PROMOTE_FULL : EventType.COMMAND_PROMOTE, reason, request);
    }

    @POST
    @Path("/{namespace}/{name}/abort")
    @RequiresCaller
    public Response abort(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("reason") String reason, @Context ContainerRequestContext request) {
        return send(namespace, name, EventType.COMMAND_ABORT, reason, request);
    }

    @POST
    @Path("/{namespace}/{name}/retry")
    @RequiresCaller
    public Response retry(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("reason") String reason, @Context ContainerRequestContext request) {
        return send(namespace, name, EventType.COMMAND_RETRY, reason, request);
    }

    @POST
    @Path("/{namespace}/{name}/pause")
    @RequiresCaller
    public Response pause(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("reason") String reason, @Context ContainerRequestContext request) {
        return send(namespace, name, EventType.COMMAND_PAUSE, reason, request);
    }

    @POST
    @Path("/{namespace}/{name}/resume")
    @RequiresCaller
    public Response resume(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("reason") String reason, @Context ContainerRequestContext request) {
        return send(namespace, name, EventType.COMMAND_RESUME, reason, request);
    }

    /** Server-sent events: every step event of the rollout from now on; the event name is the CloudEvents type. */
    @GET
    @Path("/{namespace}/{name}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RequiresCaller(verb = "get", resource = RolloutLookup.RESOURCE)
    public Multi<OutboundSseEvent> events(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @Context ContainerRequestContext request) {
        Rollout rollout = RolloutLookup.find(client, namespace, name);
        return streams.open((String) request.getProperty(BearerAuthFilter.CALLER), () -> stream.follow(rollout.rolloutId())
                .map(e -> sse.newEventBuilder().name(e.type()).id(Long.toString(e.offset()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(e.json()).build()));
    }

    private Response send(String namespace, String name, EventType type, String reason, ContainerRequestContext request) {
        Rollout rollout = RolloutLookup.find(client, namespace, name);
        String caller = (String) request.getProperty(BearerAuthFilter.CALLER);
        // bound to the revision rolling out now: if another revision is rolling out when the owner acts, it is dropped
        String revision = rollout.getStatus() == null ? null : rollout.getStatus().currentPodHash;
        RolloutCommand command = new RolloutCommand(rollout.rolloutId(), revision, caller, reason, clock.instant());
        try {
            publisher.publish(type, command).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ProblemException(503, "Service Unavailable", "the command could not be published: " + e.getMessage(), List.of());
        }
        return Response.accepted(new CommandAccepted(rollout.rolloutId(), CommandTypes.command(type).orElseThrow().value(),
                type.ceType(), caller, revision)).build();
    }
}
