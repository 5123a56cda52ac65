package dev.sluice.controller.reconcile;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.common.ownership.OwnershipTracker;
import dev.sluice.common.ownership.PartitionOwnership;
import dev.sluice.controller.hygiene.ZeroDowntime;
import dev.sluice.controller.rollout.Decision;
import dev.sluice.controller.rollout.Deletion;
import dev.sluice.controller.rollout.Statuses;
import dev.sluice.controller.workload.ClusterCache;
import dev.sluice.controller.workload.Workloads;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import dev.sluice.controller.rollout.ResyncSkip;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wiring: reads a Rollout and hands it to its strategy's wiring ({@link CanaryRollouts} or {@link BlueGreenRollouts}, which
 * ask their engine, carry out the decisions — Kubernetes first, then events, each durable — and write the new status),
 * and asks to be called again when the next timer in status is due. Acts only on rollouts whose key's partition this
 * replica owns (docs/architecture.md §4); on a rebalance the rollouts of gained partitions are reconciled at once.
 * The others cost nothing here: their watch events are filtered out before the Java Operator SDK schedules a
 * reconcile ({@link OwnedEvents}), and none is rescheduled. A resync of an owned rollout that nothing changed since its
 * last completed reconcile, with no timer due, is skipped ({@link ResyncSkip}); a full one runs at least every
 * {@code sluice.controller.full-reconcile-every}.
 */
@ControllerConfiguration(name = "rollout", informer = @Informer(onAddFilter = OwnedEvents.RolloutAdded.class,
        onUpdateFilter = OwnedEvents.RolloutUpdated.class))
@GradualRetry(maxAttempts = -1, initialInterval = 1_000, intervalMultiplier = 2, maxInterval = 300_000)
public class RolloutReconciler implements Reconciler<Rollout>, Cleaner<Rollout> {
    /** Condition type for an exception a reconcile threw; cleared by the next reconcile that succeeds. */
    public static final String RECONCILE_ERROR = "ReconcileError";
    private static final Logger LOG = Logger.getLogger(RolloutReconciler.class);

    @Inject
    RolloutStore store;
    @Inject
    PartitionOwnership ownership;
    @Inject
    RolloutMetrics metrics;
    @Inject
    Clock clock;
    @Inject
    BlueGreenRollouts blueGreen;
    @Inject
    CanaryRollouts canary;
    @Inject
    ZeroDowntime zeroDowntime;
    @ConfigProperty(name = "sluice.controller.resync", defaultValue = "30S")
    Duration resync;
    @ConfigProperty(name = "sluice.controller.deletion-timeout", defaultValue = "2M")
    Duration deletionTimeout;
    @Inject
    EventPublisher publisher;
    @Inject
    OwnershipFence fence;
    @Inject
    ClusterCache clusterCache;
    @Inject
    ReconcileMemos memos;
    @ConfigProperty(name = "sluice.controller.full-reconcile-every", defaultValue = "5M")
    Duration fullEvery;

    private final RolloutTriggers triggers = new RolloutTriggers();
    private final ScheduledExecutorService resyncs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollout-resync");
        t.setDaemon(true);
        return t;
    });
    private volatile io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<Rollout> primaryCache;
    private volatile Instant lastSweep = Instant.EPOCH;

    @Override
    public List<EventSource<?, Rollout>> prepareEventSources(EventSourceContext<Rollout> context) {
        primaryCache = context.getPrimaryCache();
        List<EventSource<?, Rollout>> sources = new java.util.ArrayList<>(clusterCache.register(context,
                rs -> OwnedEvents.relevant(ownership::owns, rs)));
        sources.add(triggers);
        resyncs.scheduleWithFixedDelay(this::resync, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        ownership.tracker().onGained(gained -> context.getPrimaryCache().list()
                .filter(r -> gained.contains(OwnershipTracker.partition(r.rolloutId(), ownership.tracker().partitionCount())))
                .forEach(r -> triggers.trigger(ResourceID.fromResource(r), Optional.of(r))));
        // fencing on a hand-over: reconciles still running on rollouts of revoked partitions end (or stop at their next
        // side effect) before the rebalance goes on and the next owner starts
        ownership.tracker().onRevoked(revoked -> {
            memos.forgetAll(id -> revoked.contains(OwnershipTracker.partition(id, ownership.tracker().partitionCount())));
            if (!store.awaitIdle(id -> revoked.contains(OwnershipTracker.partition(id, ownership.tracker().partitionCount())),
                    Duration.ofSeconds(10))) {
                LOG.warnf("partitions %s revoked while a reconcile still held its rollout after 10 s", revoked);
            }
        });
        return sources;
    }

    /** Asks for a reconcile of the rollout soon (after an input was recorded in its status). */
    public void trigger(String rolloutId) {
        String[] parts = rolloutId.split("/", 2);
        var cache = primaryCache;
        if (parts.length == 2 && cache != null) {
            ResourceID resource = new ResourceID(parts[1], parts[0]);
            triggers.trigger(resource, cache.get(resource));
        }
    }

    @Override
    public UpdateControl<Rollout> reconcile(Rollout resource, Context<Rollout> context) throws Exception {
        String id = resource.rolloutId();
        if (!ownership.owns(id)) {
            // not rescheduled: when its partition comes to this replica, the rollout is reconciled at once
            LOG.debugf("%s: partition owned by another replica; not acting", id);
            memos.forget(id);
            return UpdateControl.noUpdate();
        }
        metrics.reconciled();
        sweepMetrics();
        try {
            Duration next = store.locked(id, () -> reconcileOwned(id));
            // a timer the engine set is kept by the SDK; the resync pass (below) looks at the rollout otherwise
            return next.compareTo(ResyncSkip.NO_TIMER) < 0 ? UpdateControl.<Rollout>noUpdate().rescheduleAfter(next)
                    : UpdateControl.noUpdate();
        } catch (OwnershipFence.OwnershipLost lost) {
            memos.forget(id);
            LOG.infof("%s", lost.getMessage()); // the new owner decides afresh from status
            return UpdateControl.<Rollout>noUpdate().rescheduleAfter(resync);
        } catch (Exception e) {
            memos.failed(id);
            metrics.reconcileError(resource);
            LOG.errorf(e, "%s: reconcile failed; retrying", id);
            throw e;
        }
    }

    /**
     * The resync pass, every {@code sluice.controller.resync}: each owned rollout in the cache is compared with the memo
     * of its last completed reconcile ({@link ResyncSkip}); only those where something changed, a timer or a full
     * reconcile is due, or that cannot be skipped (no memo, commands waiting, pods read) are handed to the SDK for a
     * reconcile. A rollout nothing changed costs a few map lookups here instead of a reconcile (the SDK's copy of the
     * resource, the strategy's checks, the zero-downtime rules): 30% of the idle controller's CPU went to those before.
     */
    private void resync() {
        var cache = primaryCache;
        if (cache == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            cache.list().forEach(rollout -> {
                String id = rollout.rolloutId();
                if (!ownership.owns(id) || memos.retrying(id)) {
                    return; // another replica's, or the SDK's retry with backoff has it
                }
                Optional<ResyncSkip.Inputs> inputs = memos.inputs(rollout);
                if (inputs.isPresent() && ResyncSkip.decide(memos.last(id), inputs.get(), now).skip()) {
                    metrics.skipped();
                } else {
                    triggers.trigger(ResourceID.fromResource(rollout), Optional.of(rollout));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "the resync pass failed; the next one is in %s", resync);
        }
    }

    @jakarta.annotation.PreDestroy
    void stopResyncs() {
        resyncs.shutdownNow();
    }

    /** At most once per resync: metrics of rollouts deleted or now owned by another replica are removed. */
    private void sweepMetrics() {
        Instant now = clock.instant();
        var cache = primaryCache;
        if (cache == null || Duration.between(lastSweep, now).compareTo(resync) < 0) {
            return;
        }
        lastSweep = now;
        java.util.function.Predicate<String> keep = id -> {
            String[] parts = id.split("/", 2);
            return parts.length == 2 && ownership.owns(id) && cache.get(new ResourceID(parts[1], parts[0])).isPresent();
        };
        metrics.retainOnly(keep);
        zeroDowntime.retainOnly(keep); // with the metrics: a gauge swept is written again by the next judgement
        memos.forgetAll(keep.negate());
    }

    /** One reconcile under the rollout's lock, or none when nothing it reads changed; returns when the next timer is due. */
    private Duration reconcileOwned(String id) throws Exception {
        Optional<Rollout> found = store.get(id);
        if (found.isEmpty()) {
            memos.forget(id);
            return resync;
        }
        Rollout rollout = found.get();
        Instant started = clock.instant();
        Optional<ResyncSkip.Inputs> inputs = memos.inputs(rollout); // read before acting: a later change must differ
        Optional<ResyncSkip.Memo> last = memos.last(id);
        if (inputs.isPresent()) {
            ResyncSkip.Verdict verdict = ResyncSkip.decide(last, inputs.get(), started);
            if (verdict.skip()) {
                metrics.skipped();
                // what only the zero-downtime rules read (budgets, autoscalers, other Services) is not in the inputs;
                // a change to it triggers this reconcile, and the rules see whether it changed their answer
                zeroDowntime.evaluate(id);
                return last.get().timerDueAt().isBefore(last.get().fullDueAt()) ? Duration.between(started, last.get().timerDueAt())
                        : ResyncSkip.NO_TIMER;
            }
            LOG.tracef("%s: full reconcile: %s", id, verdict.reason());
        }
        Duration next = BlueGreenRollouts.declared(rollout) ? blueGreen.reconcile(rollout, resync) : canary.reconcile(rollout, resync);
        zeroDowntime.evaluate(id); // the ZeroDowntime condition: information, never blocks the rollout
        // the full reconciles of rollouts started together spread over a quarter of the interval
        Duration spread = fullEvery.minusMillis(Math.floorMod(id.hashCode(), Math.max(1, fullEvery.toMillis() / 4)));
        inputs.ifPresent(i -> memos.remember(id, ResyncSkip.remember(i, started, next, spread)));
        return next;
    }

    /**
     * The finalizer (JOSDK adds it to every Rollout): a Rollout deleted mid-canary keeps it until its routes are back
     * at 100% stable ({@link Deletion}); then JOSDK removes it and Kubernetes deletes the ReplicaSets it owns.
     */
    @Override
    public DeleteControl cleanup(Rollout resource, Context<Rollout> context) throws Exception {
        String id = resource.rolloutId();
        if (!ownership.owns(id)) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(resync.toMillis());
        }
        return store.locked(id, () -> {
            Optional<Rollout> found = store.get(id);
            if (found.isEmpty()) {
                return DeleteControl.defaultDelete();
            }
            Rollout rollout = found.get();
            String deleted = rollout.getMetadata().getDeletionTimestamp();
            Deletion.Result result = Deletion.decide(RolloutExecution.ref(rollout), routes(rollout), rollout.getStatus(),
                    deleted == null ? null : Instant.parse(deleted), clock.instant(), deletionTimeout);
            if (result.release()) {
                memos.forget(id);
                LOG.infof("%s: deleted; finalizer removed: %s", id, result.message());
                return DeleteControl.defaultDelete();
            }
            fence.check(id, "publish and write status");
            for (Decision.Publish p : result.outcome().all(Decision.Publish.class)) {
                publisher.publish(p.event()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            store.writeStatus(rollout, result.outcome().status());
            LOG.infof("%s: %s", id, result.message());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(result.outcome().all(Decision.RequeueAfter.class).stream()
                    .map(Decision.RequeueAfter::delay).findFirst().orElse(Duration.ofSeconds(5)).toMillis());
        });
    }

    /** The routers a deleted Rollout must return to stable, or null when it routes no traffic. */
    private static Deletion.Routes routes(Rollout rollout) {
        var strategy = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        if (strategy != null && strategy.canary != null && strategy.canary.trafficRouting != null
                && strategy.canary.stableService != null && strategy.canary.canaryService != null) {
            return new Deletion.Routes(SpecMapper.routing(strategy.canary.trafficRouting), strategy.canary.stableService,
                    strategy.canary.canaryService);
        }
        if (strategy != null && strategy.blueGreen != null && strategy.blueGreen.trafficRouting != null
                && strategy.blueGreen.activeService != null && strategy.blueGreen.previewService != null) {
            return new Deletion.Routes(SpecMapper.routing(strategy.blueGreen.trafficRouting), strategy.blueGreen.activeService,
                    strategy.blueGreen.previewService);
        }
        return null;
    }

    /**
     * JOSDK's error status handler: an exception a reconcile threw becomes the condition {@value #RECONCILE_ERROR} with
     * its message (a person sees it in {@code kubectl describe}); the reconcile is retried with backoff (1 s doubling
     * to 5 min, without limit).
     */
    @Override
    public ErrorStatusUpdateControl<Rollout> updateErrorStatus(Rollout resource, Context<Rollout> context, Exception e) {
        RolloutStatus s = Statuses.copy(resource.getStatus());
        String message = e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "(no message)" : e.getMessage());
        int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(1);
        Statuses.setCondition(s, RECONCILE_ERROR, true, RECONCILE_ERROR, "reconcile failed (attempt " + attempt
                + ", retrying with backoff): " + message, clock.instant());
        resource.setStatus(s);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /** Rollouts this replica currently acts on (for the API and tests). */
    public Set<Integer> ownedPartitions() {
        return ownership.owned();
    }
}
