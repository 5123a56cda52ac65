package dev.sluice.controller.hygiene;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.common.auth.RequiresCaller;
import dev.sluice.common.problem.ProblemException;
import dev.sluice.controller.reconcile.RolloutStore;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Rules;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/rollouts/{namespace}/{name}/zero-downtime}: the rollout's zero-downtime findings, judged now. */
@Path("/api/v1/rollouts/{namespace}/{name}/zero-downtime")
@Produces(MediaType.APPLICATION_JSON)
public class ZeroDowntimeResource {

    /** One finding with its rule's why and fix. */
    public record FindingView(String rule, String severity, String object, String field, String message, String why, String fix) {
        static FindingView of(Finding f) {
            var rule = Rules.byId(f.rule()).orElseThrow();
            return new FindingView(f.rule(), f.severity().label(), f.object(), f.field(), f.message(), rule.why(), rule.fix());
        }
    }

    /** The findings, or why there are none to give (a missing workloadRef Deployment). */
    public record ZeroDowntimeView(String namespace, String name, boolean zeroDowntime, List<FindingView> findings, String note) {
    }

    @Inject
    RolloutStore store;
    @Inject
    ZeroDowntime zeroDowntime;

    @GET
    @RequiresCaller(verb = "get", resource = dev.sluice.controller.api.RolloutLookup.RESOURCE)
    public ZeroDowntimeView get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        Rollout rollout = store.get(namespace + "/" + name)
                .orElseThrow(() -> ProblemException.notFound("no rollout " + namespace + "/" + name));
        return zeroDowntime.findings(rollout)
                .map(f -> new ZeroDowntimeView(namespace, name, f.isEmpty(), f.stream().map(FindingView::of).toList(), null))
                .orElseGet(() -> new ZeroDowntimeView(namespace, name, false, List.of(), "the pod template cannot be read: "
                        + (rollout.getSpec().workloadRef == null || rollout.getSpec().workloadRef.name == null
                                ? "the Rollout names neither spec.template nor spec.workloadRef"
                                : "workloadRef Deployment " + rollout.getSpec().workloadRef.name + " not found")));
    }
}
