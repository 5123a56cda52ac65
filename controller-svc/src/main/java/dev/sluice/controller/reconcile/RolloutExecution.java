package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutPhase;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.EnginePass;
import dev.sluice.controller.rollout.Outcome;
import dev.sluice.controller.rollout.PodRestart;
import dev.sluice.controller.rollout.ReplicaSetFacts;
import dev.sluice.controller.rollout.ResyncSkip;
import dev.sluice.controller.rollout.RolloutRef;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.workload.TemplateHash;
import dev.sluice.controller.workload.AntiAffinity;
import dev.sluice.controller.workload.PodRestarts;
import dev.sluice.controller.workload.PodRoles;
import dev.sluice.controller.workload.Workloads;
import dev.sluice.events.RolloutStepEvent;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What the canary and the blue-green wiring do alike around their engines: report an invalid spec, find the pod
 * template, and after the Kubernetes decisions are carried out, publish the events (each durable), write the new
 * status, prune old revisions and pick the next reconcile time.
 */
@ApplicationScoped
public class RolloutExecution {
    private static final Logger LOG = Logger.getLogger(RolloutExecution.class);
    private static final int DEFAULT_HISTORY_LIMIT = 10;

    @Inject
    Workloads workloads;
    @Inject
    OwnershipFence fence;
    @Inject
    PodRoles podRoles;
    @Inject
    RolloutStore store;
    @Inject
    EventPublisher publisher;
    @Inject
    RolloutMetrics metrics;
    @Inject
    Clock clock;
    @Inject
    KubernetesEvents kubernetesEvents;
    @Inject
    PodRestarts podRestarts;

    private final TemplateHashes hashes = new TemplateHashes(TemplateHashes.CAPACITY);

    static RolloutRef ref(Rollout rollout) {
        RolloutSpec.AnalysisHistory history = rollout.getSpec().analysis;
        return new RolloutRef(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                rollout.getMetadata().getUid(), rollout.getMetadata().getGeneration() == null ? 0 : rollout.getMetadata().getGeneration(),
                history == null ? null : history.successfulRunHistoryLimit, history == null ? null : history.unsuccessfulRunHistoryLimit);
    }

    /** Condition InvalidSpec with every violation, phase Degraded; the rollout is not acted on. */
    void reportInvalid(Rollout rollout, List<String> violations, String what) {
        RolloutStatus s = Statuses.copy(rollout.getStatus());
        String message = String.join("; ", violations);
        Statuses.setCondition(s, Statuses.INVALID_SPEC, true, "InvalidSpec", message, clock.instant());
        Statuses.removeCondition(s, RolloutReconciler.RECONCILE_ERROR);
        s.phase = RolloutPhase.Degraded;
        s.message = "invalid spec: " + message;
        s.observedGeneration = rollout.getMetadata().getGeneration();
        consumeCommands(s, "the spec is invalid");
        store.writeStatus(rollout, s);
        LOG.warnf("%s: invalid %s, not acted on: %s", rollout.rolloutId(), what, message);
    }

    /**
     * Commands that arrive while the rollout cannot act are consumed, not kept for a later revision: each is dropped
     * with a {@code CommandDropped} condition saying why.
     */
    void consumeCommands(RolloutStatus s, String why) {
        for (RolloutStatus.PendingCommand c : s.pendingCommands) {
            if (c.id != null) {
                s.recentCommandIds.add(c.id);
            }
            Statuses.setCondition(s, Statuses.COMMAND_DROPPED, true, "CommandDropped", c.command + " dropped: " + why,
                    clock.instant());
        }
        s.pendingCommands.clear();
        while (s.recentCommandIds.size() > EnginePass.COMMAND_MEMORY) {
            s.recentCommandIds.remove(0);
        }
    }

    /** The revision declared now: its pod template and hash, and the rollout's ReplicaSets. */
    record Revision(PodTemplateSpec template, String hash, List<ReplicaSet> replicaSets) {
        List<ReplicaSetFacts> facts() {
            return Workloads.facts(replicaSets);
        }
    }

    /** The revision declared now; empty (and the rollout Degraded) when the workloadRef Deployment is missing. */
    Optional<Revision> revision(Rollout rollout) {
        return templateOrDegraded(rollout).map(t -> new Revision(t, hashes.of(rollout, t), workloads.replicaSets(rollout)));
    }

    /**
     * Carries out a scale decision; the declared template creates the current revision's ReplicaSet when it is missing,
     * with the spec's antiAffinity rule against the pods of {@code stableHash} added.
     */
    void scale(Rollout rollout, Revision revision, Decision.ScaleReplicaSet scale, String stableHash) {
        fence.check(rollout.rolloutId(), "scale ReplicaSet " + scale.hash());
        workloads.scale(rollout, revision.hash().equals(scale.hash())
                ? AntiAffinity.apply(rollout, revision.template(), revision.hash(), stableHash) : null, scale.hash(), scale.replicas());
    }

    /**
     * Gives the ReplicaSets and pods of the stable and the current revision their role's metadata (canaryMetadata and
     * stableMetadata, or previewMetadata and activeMetadata), as {@code after} assigns the roles.
     */
    void syncPodRoles(Rollout rollout, Revision revision, RolloutStatus after) {
        fence.check(rollout.rolloutId(), "patch the pods' role metadata");
        podRoles.sync(rollout, revision.replicaSets(), after.stableRS, after.currentPodHash);
    }

    /** The declared pod template; when the workloadRef Deployment is missing, the rollout is Degraded and it is empty. */
    private Optional<PodTemplateSpec> templateOrDegraded(Rollout rollout) {
        Optional<PodTemplateSpec> template = workloads.template(rollout);
        if (template.isEmpty()) {
            RolloutStatus s = Statuses.copy(rollout.getStatus());
            s.phase = RolloutPhase.Degraded;
            s.message = "workloadRef Deployment " + rollout.getSpec().workloadRef.name + " not found";
            consumeCommands(s, "the rollout is Degraded: " + s.message);
            store.writeStatus(rollout, s);
            LOG.warnf("%s: %s", rollout.rolloutId(), s.message);
        }
        return template;
    }

    /**
     * After the Kubernetes decisions: publishes the events and waits for the broker, writes the status that records
     * them, prunes old revisions, and returns when the engine's next timer is due ({@link ResyncSkip#NO_TIMER} when it
     * set none; the reconciler reschedules at the earlier of that and the resync). {@code where} names an event's place in the
     * strategy for the log ("step 2", "blue-green").
     */
    Duration finish(Rollout rollout, int replicas, RolloutStatus before, Outcome outcome, List<ReplicaSet> replicaSets,
            Function<RolloutStepEvent, String> where) throws Exception {
        String id = rollout.rolloutId();
        List<CompletableFuture<Void>> published = new ArrayList<>();
        fence.check(id, "publish");
        for (Decision.Publish p : outcome.all(Decision.Publish.class)) {
            LOG.infof("%s: revision %s %s: %s (sequence %d)", id, p.event().revision(), where.apply(p.event()),
                    p.event().getClass().getSimpleName(), p.event().sequence());
            published.add(publisher.publish(p.event()).toCompletableFuture());
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (Decision.Publish p : outcome.all(Decision.Publish.class)) {
            kubernetesEvents.record(rollout, p.event());
        }
        kubernetesEvents.record(rollout, before, outcome.status());

        RolloutStatus after = outcome.status();
        Statuses.removeCondition(after, RolloutReconciler.RECONCILE_ERROR);
        Duration restartIn = restartPods(rollout, replicaSets, after);
        after.selector = Workloads.selectorString(rollout);
        fence.check(id, "write status");
        store.writeStatus(rollout, after);
        metrics.observe(rollout, before, after, outcome);

        fence.check(id, "prune old ReplicaSets");
        Integer limit = rollout.getSpec().revisionHistoryLimit;
        workloads.pruneHistory(rollout, replicaSets, after.stableRS, after.currentPodHash, limit == null ? DEFAULT_HISTORY_LIMIT : limit);
        int stableAvailable = replicaSets.stream().filter(rs -> after.stableRS != null
                && after.stableRS.equals(rs.getMetadata().getLabels().get(TemplateHash.LABEL)))
                .mapToInt(rs -> rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas())
                .sum();
        workloads.scaleReferencedDeployment(rollout, replicas, stableAvailable, after.phase == RolloutPhase.Healthy);
        return java.util.stream.Stream.concat(outcome.all(Decision.RequeueAfter.class).stream().map(Decision.RequeueAfter::delay),
                        java.util.stream.Stream.ofNullable(restartIn))
                .map(d -> d.plusMillis(50)).min(Duration::compareTo).orElse(ResyncSkip.NO_TIMER);
    }

    /**
     * Argo's {@code spec.restartAt}, after the engine's decisions ({@link PodRestart} decides with this pass's status):
     * evicts at most one pod, records {@code restartedAt} or the {@value Statuses#RESTARTING} condition in {@code after},
     * and returns when to look again (null: no need).
     */
    private Duration restartPods(Rollout rollout, List<ReplicaSet> replicaSets, RolloutStatus after) {
        Instant restartAt = PodRestart.parse(rollout.getSpec().restartAt).orElse(null);
        List<ReplicaSetFacts> facts = Workloads.facts(replicaSets);
        Instant now = clock.instant();
        PodRestart.Decision decision = PodRestart.decide(restartAt, after, facts, () -> podRestarts.pods(rollout,
                        facts.stream().filter(rs -> rs.replicas() > 0).map(ReplicaSetFacts::hash).toList()), now);
        if (decision instanceof PodRestart.Evict evict) {
            fence.check(rollout.rolloutId(), "evict pod " + evict.pod());
            PodRestarts.Eviction result = podRestarts.evict(rollout, evict.pod());
            LOG.infof("%s: %s: %s", rollout.rolloutId(), evict.reason(), result);
            if (result == PodRestarts.Eviction.REFUSED) {
                decision = PodRestart.refused(evict);
            }
        }
        if (decision instanceof PodRestart.Done done) {
            after.restartedAt = done.restartedAt().toString();
            Statuses.removeCondition(after, Statuses.RESTARTING);
            LOG.infof("%s: restart done: %s", rollout.rolloutId(), done.message());
        } else if (decision instanceof PodRestart.Wait wait) {
            Statuses.setCondition(after, Statuses.RESTARTING, !wait.scheduled(), wait.scheduled() ? "RestartScheduled"
                    : "RestartWaiting", wait.reason(), now);
            return wait.retryIn();
        } else if (decision instanceof PodRestart.Evict evict) {
            Statuses.setCondition(after, Statuses.RESTARTING, true, "PodEvicted", evict.reason(), now);
            return PodRestart.AVAILABILITY_RETRY;
        } else {
            Statuses.removeCondition(after, Statuses.RESTARTING);
        }
        return null;
    }
}
