package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.bluegreen.BlueGreenEngine;
import dev.sluice.controller.rollout.bluegreen.BlueGreenInput;
import dev.sluice.controller.rollout.bluegreen.BlueGreenPlan;
import dev.sluice.controller.rollout.bluegreen.BlueGreenValidation;
import dev.sluice.controller.rollout.bluegreen.ServiceCompatibility;
import dev.sluice.controller.workload.ClusterCache;
import dev.sluice.controller.workload.Workloads;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Wiring for {@code strategy.blueGreen} Rollouts, called by {@link RolloutReconciler} under the rollout's lock: validates
 * the spec and the two Services, asks {@link BlueGreenEngine}, carries out its decisions in their order (Service
 * selectors, each written once and only when it differs, then ReplicaSets, then events, each durable), then writes
 * the new status.
 */
@ApplicationScoped
public class BlueGreenRollouts {
    private static final Logger LOG = Logger.getLogger(BlueGreenRollouts.class);

    @Inject
    KubernetesClient client;
    @Inject
    Workloads workloads;
    @Inject
    OwnershipFence fence;
    @Inject
    RolloutExecution execution;
    @Inject
    Clock clock;
    @Inject
    ClusterCache cache;

    /** True for a Rollout that declares blueGreen alone (both strategies together are reported by the canary's validation). */
    static boolean declared(Rollout rollout) {
        var strategy = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        return strategy != null && strategy.blueGreen != null && strategy.canary == null;
    }

    /** One reconcile of a blue-green Rollout; returns when to reconcile again. */
    Duration reconcile(Rollout rollout, Duration resync) throws Exception {
        String id = rollout.rolloutId();
        RolloutStatus before = rollout.getStatus();
        BlueGreenValidation.Validated validated = RolloutChecks.blueGreen(rollout, workloads.referencedReplicas(rollout));
        if (validated instanceof BlueGreenValidation.Invalid invalid) {
            execution.reportInvalid(rollout, invalid.violations(), "blue-green spec");
            return resync;
        }
        BlueGreenPlan plan = ((BlueGreenValidation.Valid) validated).plan();
        List<String> services = ServiceCompatibility.violations(plan, service(rollout, plan.activeService()),
                plan.previewService() == null ? null : service(rollout, plan.previewService()));
        if (!services.isEmpty()) {
            execution.reportInvalid(rollout, services, "blue-green spec");
            return resync;
        }
        Optional<RolloutExecution.Revision> found = execution.revision(rollout);
        if (found.isEmpty()) {
            return resync;
        }
        RolloutExecution.Revision revision = found.get();
        Outcome outcome = BlueGreenEngine.decide(new BlueGreenInput(RolloutExecution.ref(rollout), plan, revision.hash(),
                revision.facts(), before, clock.instant()));

        for (Decision d : outcome.decisions()) {
            if (d instanceof Decision.PointBlueGreenServices point) {
                fence.check(rollout.rolloutId(), "point the Services");
                workloads.pointService(rollout, plan.activeService(), point.activeHash());
                if (point.previewHash() != null) {
                    workloads.pointService(rollout, plan.previewService(), point.previewHash());
                }
            } else if (d instanceof Decision.ScaleReplicaSet scale) {
                execution.scale(rollout, revision, scale, outcome.status().stableRS);
            }
        }
        execution.syncPodRoles(rollout, revision, outcome.status());
        Duration next = execution.finish(rollout, plan.replicas(), before, outcome, revision.replicaSets(), e -> "blue-green");
        RolloutStatus after = outcome.status();
        if (before == null || !java.util.Objects.equals(before.message, after.message)) {
            LOG.infof("%s: revision %s: %s: %s", id, after.currentPodHash, after.phase, after.message);
        }
        return next;
    }

    /** The Service's ports as the core judges them; null when it does not exist. */
    private ServiceCompatibility.ServiceFacts service(Rollout rollout, String name) {
        String ns = rollout.getMetadata().getNamespace();
        Service svc = cache.service(ns, name).orElseGet(() -> Optional.ofNullable(client.services().inNamespace(ns).withName(name).get()))
                .orElse(null);
        if (svc == null) {
            return null;
        }
        List<ServiceCompatibility.Port> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.of()
                : svc.getSpec().getPorts().stream().map(p -> new ServiceCompatibility.Port(p.getName(),
                        p.getPort() == null ? 0 : p.getPort(), p.getProtocol(), target(p.getTargetPort()))).toList();
        return new ServiceCompatibility.ServiceFacts(name, ports);
    }

    private static String target(IntOrString t) {
        if (t == null) {
            return null;
        }
        return t.getIntVal() != null ? t.getIntVal().toString() : t.getStrVal();
    }
}
