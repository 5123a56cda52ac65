package dev.sluice.controller.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.controller.reconcile.RolloutStore;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.workload.ClusterCache;
import dev.sluice.controller.workload.Workloads;
import dev.sluice.events.EventType;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Hygiene;
import dev.sluice.hygiene.Manifest;
import dev.sluice.hygiene.Severity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Wiring of the zero-downtime rules into the controller: reads a Rollout's pod template (its own or its workloadRef
 * Deployment's) and the PodDisruptionBudgets, HorizontalPodAutoscalers and Services of its namespace (from the
 * informer caches), asks the
 * hygiene rules, and writes the {@code ZeroDowntime} condition and the gauge
 * {@code sluice_rollout_zero_downtime_findings{namespace,rollout,severity}}, and publishes
 * {@code dev.sluice.rollout.zero-downtime.findings.v1} when the findings change to a non-empty set (notify-svc's
 * {@code on-rollout-zero-downtime-findings}). Never blocks a rollout: any failure here is logged and the reconcile goes on.
 */
@ApplicationScoped
public class ZeroDowntime {
    private static final Logger LOG = Logger.getLogger(ZeroDowntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient client;
    @Inject
    Workloads workloads;
    @Inject
    RolloutStore store;
    @Inject
    ClusterCache cache;
    @Inject
    Clock clock;
    @Inject
    EventPublisher publisher;

    /** The findings gauges go with the rollout's other series (deleted, or owned by another replica: swept). */
    @Inject
    dev.sluice.controller.reconcile.RolloutMetrics metrics;

    /** Judges the rollout as it is now and records the condition (only when it changed) and the gauge. */
    public void evaluate(String rolloutId) {
        try {
            store.locked(rolloutId, () -> {
                Optional<Rollout> found = store.get(rolloutId);
                if (found.isEmpty() || found.get().getSpec() == null) {
                    return null;
                }
                Rollout rollout = found.get();
                Optional<List<Finding>> findings = findings(rollout);
                if (findings.isEmpty()) {
                    return null;
                }
                record(rollout, findings.get());
                return null;
            });
        } catch (Exception e) {
            LOG.warnf(e, "%s: the zero-downtime check failed; the rollout goes on", rolloutId);
        }
    }

    /** The findings for the rollout; empty when its pod template cannot be read (a missing workloadRef Deployment). */
    public Optional<List<Finding>> findings(Rollout rollout) {
        Optional<PodTemplateSpec> template = workloads.template(rollout);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        String ns = rollout.getMetadata().getNamespace();
        ObjectNode object = JSON.valueToTree(rollout);
        object.put("apiVersion", rollout.getApiVersion()).put("kind", "Rollout");
        object.remove("status");
        JsonNode templateNode = JSON.valueToTree(template.get());
        Map<String, String> podLabels = template.get().getMetadata() == null || template.get().getMetadata().getLabels() == null
                ? Map.of() : template.get().getMetadata().getLabels();
        List<Manifest> around = new ArrayList<>();
        cache.budgets(ns).orElseGet(() -> client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems())
                .forEach(o -> around.add(manifest(o)));
        cache.autoscalers(ns).orElseGet(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems())
                .forEach(o -> around.add(manifest(o)));
        // only Services that could select the pods (one selector key/value among the pod labels): the rule asks whether any does
        cache.servicesSharingALabel(ns, podLabels).orElseGet(() -> client.services().inNamespace(ns).list().getItems())
                .forEach(o -> around.add(manifest(o)));
        return Optional.of(Hygiene.check(Hygiene.subject(new Manifest("cluster", object), templateNode, around)));
    }

    private void record(Rollout rollout, List<Finding> findings) {
        ZeroDowntimeCondition condition = ZeroDowntimeCondition.of(findings);
        RolloutStatus status = Statuses.copy(rollout.getStatus());
        if (condition.newFindingsSince(Statuses.condition(status, ZeroDowntimeCondition.TYPE))) {
            // before the status write that makes them old news; a lost publish is not retried (information only)
            publisher.publish(EventType.ZERO_DOWNTIME_FINDINGS, ZeroDowntimeCondition.event(rollout.rolloutId(),
                    rollout.getMetadata().getUid(), status.currentPodHash, clock.instant(), findings));
        }
        Statuses.setCondition(status, ZeroDowntimeCondition.TYPE, condition.status(), condition.reason(), condition.message(),
                clock.instant());
        store.writeStatus(rollout, status);
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName();
        for (Severity severity : Severity.values()) {
            Tags tags = Tags.of("namespace", ns, "rollout", name, "severity", severity.label());
            metrics.gauge(rollout.rolloutId(), "sluice.rollout.zero.downtime.findings", tags).set((int) findings.stream().filter(f -> f.severity() == severity).count());
        }
    }

    private static Manifest manifest(HasMetadata object) {
        ObjectNode node = JSON.valueToTree(object);
        node.put("apiVersion", object.getApiVersion()).put("kind", object.getKind());
        return new Manifest("cluster", node);
    }
}
