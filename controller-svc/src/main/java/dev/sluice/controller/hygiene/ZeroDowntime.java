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
import dev.sluice.controller.workload.Referrers;
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

    /**
     * Per rollout, the versions of everything the last judgement read ({@link #judged}); the rules are not asked again
     * while they are the same (they were 15% of the controller's CPU while 1,000 rollouts progressed, asked after every
     * reconcile).
     */
    private final Map<String, String> judged = new java.util.concurrent.ConcurrentHashMap<>();

    /** Judges the rollout as it is now and records the condition (only when it changed) and the gauge. */
    public void evaluate(String rolloutId) {
        try {
            store.locked(rolloutId, () -> {
                Optional<Rollout> found = store.get(rolloutId);
                if (found.isEmpty() || found.get().getSpec() == null) {
                    judged.remove(rolloutId);
                    return null;
                }
                Rollout rollout = found.get();
                Optional<String> versions = judged(rollout);
                if (versions.isPresent() && versions.get().equals(judged.get(rolloutId))) {
                    return null;
                }
                judged.remove(rolloutId);
                Optional<List<Finding>> findings = findings(rollout);
                if (findings.isEmpty()) {
                    return null;
                }
                record(rollout, findings.get());
                // what the condition now says is part of the versions: a status written without it is judged again
                store.get(rolloutId).flatMap(this::judged).ifPresent(v -> judged.put(rolloutId, v));
                return null;
            });
        } catch (Exception e) {
            judged.remove(rolloutId);
            LOG.warnf(e, "%s: the zero-downtime check failed; the rollout goes on", rolloutId);
        }
    }

    /** Forgets what was judged of rollouts {@code which} does not keep (deleted, or now owned by another replica). */
    public void retainOnly(java.util.function.Predicate<String> which) {
        judged.keySet().removeIf(which.negate());
    }

    /**
     * The versions of what a judgement of the rollout reads: its uid and generation (spec, template), the referenced
     * Deployment's resourceVersion, the namespace's PodDisruptionBudgets and HorizontalPodAutoscalers and the
     * Services sharing a label with the pods ({@link #judgedOf}), and the ZeroDowntime condition now in
     * status. Empty when the caches do not exist yet (judged every time then).
     */
    private Optional<String> judged(Rollout rollout) {
        String ns = rollout.getMetadata().getNamespace();
        StringBuilder key = new StringBuilder(rollout.getMetadata().getUid()).append('/').append(rollout.getMetadata().getGeneration());
        if (rollout.getSpec().workloadRef != null && rollout.getSpec().workloadRef.name != null) {
            Optional<Optional<io.fabric8.kubernetes.api.model.apps.Deployment>> d = cache.deployment(ns, rollout.getSpec().workloadRef.name);
            if (d.isEmpty() || d.get().isEmpty()) {
                return Optional.empty();
            }
            key.append(" deploy@").append(d.get().get().getMetadata().getResourceVersion());
        }
        Map<String, String> podLabels = rollout.getSpec().template == null || rollout.getSpec().template.getMetadata() == null
                || rollout.getSpec().template.getMetadata().getLabels() == null ? null : rollout.getSpec().template.getMetadata().getLabels();
        if (podLabels == null) {
            return Optional.empty(); // the labels come from the Deployment's template: judged every time
        }
        Optional<List<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget>> budgets = cache.budgets(ns);
        Optional<List<io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler>> autoscalers = cache.autoscalers(ns);
        Optional<List<io.fabric8.kubernetes.api.model.Service>> services = cache.servicesSharingALabel(ns, podLabels);
        if (budgets.isEmpty() || autoscalers.isEmpty() || services.isEmpty()) {
            return Optional.empty();
        }
        for (List<? extends HasMetadata> objects : List.of(budgets.get(), autoscalers.get())) {
            objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion())
                    .sorted().forEach(v -> key.append(' ').append(v));
        }
        services.get().stream().map(ZeroDowntime::judgedOf).sorted().forEach(v -> key.append(' ').append(v));
        key.append(" condition=").append(Statuses.condition(rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus(),
                ZeroDowntimeCondition.TYPE).map(c -> c.status + "|" + c.reason + "|" + c.message).orElse("-"));
        return Optional.of(key.toString());
    }

    /**
     * What the rules read of a Service: only whether its selector selects the pod template's labels. Its selector, with
     * the value of the pod-template-hash key left out: the controller itself moves that key from revision to revision
     * (twice in every rollout), and the template's labels never hold it, so a Service with the key selects the template
     * whatever its value. With the resourceVersion instead, every rollout was judged three times instead of once.
     */
    static String judgedOf(io.fabric8.kubernetes.api.model.Service service) {
        return "Service/" + service.getMetadata().getName() + Referrers.maskedSelector(service);
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
