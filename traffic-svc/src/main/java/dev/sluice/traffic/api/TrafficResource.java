package dev.sluice.traffic.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.common.auth.RequiresCaller;
import dev.sluice.common.problem.ProblemException;
import dev.sluice.events.AppliedRoute;
import dev.sluice.traffic.router.RouteKind;
import dev.sluice.traffic.router.Stamp;
import dev.sluice.traffic.shift.RouteStore;
import dev.sluice.traffic.shift.TrafficShifter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The weights currently applied for a rollout, read from the cluster. traffic-svc keeps no state: it finds
 * the rollout's objects by the {@code sluice.dev/rollout} label it sets when writing, takes the newest desired
 * state stamped on them, and reads every object that state names. Reading needs a bearer token allowed {@code get}
 * on the rollout ({@code rollouts.sluice.dev}), the controller's rule for reading it.
 */
@Path("/api/v1/traffic")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TrafficResource {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    @Inject
    RouteStore store;

    @Inject
    TrafficShifter shifter;

    /**
     * @param sequence           the newest request sequence stamped on the objects
     * @param desiredCanaryWeight the weight that request asked for
     * @param inSync             every route holds the desired weight
     * @param routes             each route object, per router, with the weight found and its resourceVersion
     */
    public record AppliedWeights(String rolloutId, long sequence, int desiredCanaryWeight, boolean inSync, List<AppliedRoute> routes) {
    }

    @GET
    @Path("/{namespace}/{name}")
    @Operation(summary = "The canary weights currently applied for a rollout, per router and object, read from the cluster")
    @RequiresCaller(verb = "get", resource = "rollouts.sluice.dev")
    public AppliedWeights weights(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        List<String> errors = new ArrayList<>();
        if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
            errors.add("namespace '" + namespace + "' is not a Kubernetes namespace name");
        }
        if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
            errors.add("name '" + name + "' is not a Kubernetes object name");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid rollout id " + namespace + "/" + name, errors);
        }
        String rolloutId = namespace + "/" + name;
        Optional<Stamp.Found> newest = Optional.empty();
        for (RouteKind kind : RouteKind.values()) {
            for (ObjectNode object : store.listStamped(kind, namespace, Stamp.labelValue(name))) {
                Optional<Stamp.Found> found = Stamp.read(object).filter(f -> f.rolloutId().equals(rolloutId));
                if (found.isPresent() && (newest.isEmpty() || found.get().sequence() > newest.get().sequence())) {
                    newest = found;
                }
            }
        }
        Stamp.Found found = newest.orElseThrow(() -> ProblemException.notFound(
                "no route object in namespace " + namespace + " carries Sluice's weights for rollout " + rolloutId));
        List<AppliedRoute> routes = shifter.current(found.desired());
        boolean inSync = routes.stream().allMatch(r -> r.canaryWeight() == found.desired().canaryWeight());
        return new AppliedWeights(rolloutId, found.sequence(), found.desired().canaryWeight(), inSync, routes);
    }
}
