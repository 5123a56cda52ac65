package dev.sluice.controller.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.common.auth.AuthDecision;
import dev.sluice.common.auth.CallerCheck;
import dev.sluice.common.auth.StreamLimit;
import dev.sluice.common.problem.ProblemException;
import dev.sluice.controller.api.RolloutLookup;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.controller.workload.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The dashboard's read side (the page itself is static, under {@code /dashboard/}): overview lines and one
 * rollout's page as JSON, both live as server-sent events, and the analysis dry-run passed on to analysis-svc.
 * Actions are not here: the page sends them to {@code POST /api/v1/rollouts/...}, the REST API's own path.
 * Every call needs the bearer token the REST API takes; a caller sees only namespaces where it may {@code get}
 * rollouts.
 */
@Path("/dashboard/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DashboardResource {
    private static final Duration PING = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

    @Inject
    KubernetesClient client;
    @Inject
    DashboardAccess access;
    @Inject
    RolloutWatch watch;
    @Inject
    RolloutEventFeed feed;
    @Inject
    Sse sse;
    @Inject
    CallerCheck callers;
    @Inject
    StreamLimit streams;
    @ConfigProperty(name = "sluice.dashboard.analysis-url")
    Optional<URI> analysisUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every rollout the caller may read. */
    @GET
    @Path("/rollouts")
    public List<RolloutRow> rollouts(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Predicate<String> readable = readable(authorization);
        return watch.all().stream().filter(r -> readable.test(r.getMetadata().getNamespace())).map(watch::row).toList();
    }

    /** The overview, live: {@code rollout} (a line), {@code deleted}, {@code ping}; every line once at the start. */
    @GET
    @Path("/rollouts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutboundSseEvent> overviewStream(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Predicate<String> readable = readable(authorization);
        return streams.open(callers.caller(authorization), () -> overview(readable));
    }

    private Multi<OutboundSseEvent> overview(Predicate<String> readable) {
        // rows are made here and below on worker threads: they may ask the API server (images, access reviews)
        List<OutboundSseEvent> rows = watch.all().stream().filter(r -> readable.test(r.getMetadata().getNamespace()))
                .map(r -> event("rollout", watch.row(r))).toList();
        Multi<OutboundSseEvent> now = Multi.createFrom().iterable(rows);
        Multi<OutboundSseEvent> later = watch.changes().emitOn(Infrastructure.getDefaultWorkerPool()).filter(c -> readable.test(c.rollout().getMetadata().getNamespace()))
                .map(c -> c.deleted()
                        ? event("deleted", Map.of("namespace", c.rollout().getMetadata().getNamespace(), "name", c.rollout().getMetadata().getName()))
                        : event("rollout", watch.row(c.rollout())));
        return Multi.createBy().merging().streams(later, now, pings());
    }

    /** One rollout's page. */
    @GET
    @Path("/rollouts/{namespace}/{name}")
    public RolloutPage rollout(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("namespace") String namespace, @PathParam("name") String name) {
        String caller = access.requireRead(authorization, RolloutLookup.valid("namespace", namespace));
        Rollout r = RolloutLookup.find(client, namespace, name);
        List<ReplicaSet> replicaSets = client.apps().replicaSets().inNamespace(namespace).withLabel(Workloads.ROLLOUT_LABEL, name)
                .list().getItems();
        String[] hashes = replicaSets.stream().map(rs -> rs.getMetadata().getLabels().get(TemplateHash.LABEL))
                .filter(h -> h != null).toArray(String[]::new);
        List<Pod> pods = hashes.length == 0 ? List.of()
                : client.pods().inNamespace(namespace).withLabelIn(TemplateHash.LABEL, hashes).list().getItems();
        List<AnalysisRun> runs = client.resources(AnalysisRun.class).inNamespace(namespace).withLabel(Workloads.ROLLOUT_LABEL, name)
                .list().getItems();
        AuthDecision patch = access.mayPatch(authorization, namespace, name);
        RolloutPage.Access who = patch instanceof AuthDecision.Allowed a ? new RolloutPage.Access(a.caller(), true, null, null)
                : new RolloutPage.Access(caller, false, ((AuthDecision.Refused) patch).status(), ((AuthDecision.Refused) patch).reason());
        return RolloutPage.of(watch.row(r), r, replicaSets, pods, runs, who);
    }

    /**
     * One rollout, live: {@code event} for each CloudEvent of the rollout on Kafka (the recent past first), {@code ready}
     * once the past is sent, {@code changed} when the Rollout object changes (the page reads itself again), {@code ping}.
     */
    @GET
    @Path("/rollouts/{namespace}/{name}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<OutboundSseEvent> rolloutStream(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("namespace") String namespace, @PathParam("name") String name) {
        String caller = access.requireRead(authorization, RolloutLookup.valid("namespace", namespace));
        Rollout r = RolloutLookup.find(client, namespace, name);
        return streams.open(caller, () -> rolloutStream(r, namespace, name));
    }

    private Multi<OutboundSseEvent> rolloutStream(Rollout r, String namespace, String name) {
        Multi<OutboundSseEvent> events = feed.follow(r.rolloutId()).map(e -> "ready".equals(e.type())
                ? event("ready", Map.of("rolloutId", r.rolloutId())) : event("event", envelope(e)));
        Multi<OutboundSseEvent> changed = watch.changes()
                .filter(c -> namespace.equals(c.rollout().getMetadata().getNamespace()) && name.equals(c.rollout().getMetadata().getName()))
                .map(c -> event("changed", Map.of("resourceVersion", String.valueOf(c.rollout().getMetadata().getResourceVersion()),
                        "deleted", c.deleted())));
        return Multi.createBy().merging().streams(events, changed, pings());
    }

    /** The dry-run form: an AnalysisTemplate as pasted (YAML or JSON, the whole object or its spec) and arg values. */
    public record DryRunForm(String template, List<Map<String, String>> args) {
    }

    /** Evaluates a pasted template once, now, through analysis-svc's dry run (the caller's token goes with it). */
    @POST
    @Path("/dry-run/{namespace}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response dryRun(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("namespace") String namespace,
            DryRunForm form) {
        access.requireRead(authorization, RolloutLookup.valid("namespace", namespace));
        String body = dryRunRequest(form);
        URI base = analysisUrl.orElseThrow(() -> new ProblemException(503, "Service Unavailable",
                "the dashboard does not know analysis-svc: set sluice.dashboard.analysis-url", List.of()));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/namespaces/" + namespace + "/dry-run"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", MediaType.APPLICATION_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Response.status(answer.statusCode()).type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                    .entity(answer.body()).build();
        } catch (java.io.IOException e) {
            throw new ProblemException(502, "Bad Gateway", "analysis-svc at " + base + " did not answer: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "Service Unavailable", "interrupted", List.of());
        }
    }

    /** analysis-svc's dry-run request for a pasted template: {@code {template: <spec>, args}}. */
    static String dryRunRequest(DryRunForm form) {
        if (form == null || form.template() == null || form.template().isBlank()) {
            throw ProblemException.badRequest("nothing to evaluate", List.of("paste an AnalysisTemplate (YAML or JSON)"));
        }
        JsonNode pasted;
        try {
            pasted = YAML.readTree(form.template());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ProblemException.badRequest("the template is not YAML or JSON: " + e.getOriginalMessage(), List.of("template"));
        }
        if (pasted == null || !pasted.isObject()) {
            throw ProblemException.badRequest("the template is not an object", List.of("template"));
        }
        JsonNode spec = pasted.has("spec") ? pasted.get("spec") : pasted;
        ObjectNode out = JSON.createObjectNode();
        out.set("template", spec);
        var args = out.putArray("args");
        for (Map<String, String> a : form.args() == null ? List.<Map<String, String>>of() : form.args()) {
            args.addObject().put("name", a.get("name")).put("value", a.get("value"));
        }
        return out.toString();
    }

    /**
     * Whether the caller may read a namespace, asked once per namespace for this request or stream. A caller that
     * may read nothing at all (no or a bad token) is refused with 401 at once, so the page can show its login form.
     */
    private Predicate<String> readable(String authorization) {
        return callers.namespaces(authorization, "get", RolloutLookup.RESOURCE);
    }

    private OutboundSseEvent event(String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    private Multi<OutboundSseEvent> pings() {
        return Multi.createFrom().ticks().every(PING).map(t -> event("ping", Map.of("n", t)));
    }

    /** The feed's record as the page wants it: type, time, topic, offset and the event's data (structured mode unwrapped). */
    static JsonNode envelope(RolloutEventFeed.FeedEvent e) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode data;
        try {
            data = JSON.readTree(e.json());
        } catch (java.io.IOException bad) {
            data = JSON.getNodeFactory().textNode(e.json());
        }
        String type = e.type();
        String time = e.time();
        if ("unknown".equals(type) && data.has("specversion") && data.has("type")) {
            type = data.path("type").asText();
            time = data.path("time").asText(null);
            data = data.path("data");
        }
        out.put("type", type);
        out.put("time", time != null ? time : data.path("time").asText(null));
        out.put("topic", e.topic());
        out.put("offset", e.offset());
        out.set("data", data);
        return out;
    }
}
