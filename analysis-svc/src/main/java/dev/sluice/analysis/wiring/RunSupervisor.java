package dev.sluice.analysis.wiring;

import dev.sluice.analysis.core.RunRequests;
import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.core.MetricProgress;
import dev.sluice.analysis.core.MetricSpec;
import dev.sluice.analysis.core.RunAssessment;
import dev.sluice.analysis.core.RunHistory;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.StatusMapping;
import dev.sluice.analysis.core.Verdict;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The life of an AnalysisRun in this replica: created on {@code analysis.requested} (validated before its first
 * measurement), resumed when found in Kubernetes (restart, rebalance, duplicate request), released when another
 * replica owns its rollout, cancelled on request or when its rollout moved on, old runs deleted beyond the history
 * limits. Measuring is {@link MeasurementScheduler}'s, publishing the verdict {@link VerdictPublisher}'s.
 */
@ApplicationScoped
public class RunSupervisor {
    private static final Logger LOG = Logger.getLogger(RunSupervisor.class);

    private final AnalysisRunStore runs;
    private final RunPreparation preparation;
    private final MeasurementScheduler scheduler;
    private final VerdictPublisher verdicts;
    private final RunWorkers workers;
    private final Clock clock;
    private final MeterRegistry registry;
    /** Masks Secret values and cuts long messages before they are written, published or logged. */
    @Inject
    dev.sluice.analysis.redact.MeasurementText text;

    @Inject
    public RunSupervisor(AnalysisRunStore runs, RunPreparation preparation, MeasurementScheduler scheduler, VerdictPublisher verdicts,
            RunWorkers workers, Clock clock, MeterRegistry registry) {
        this.runs = runs;
        this.preparation = preparation;
        this.scheduler = scheduler;
        this.verdicts = verdicts;
        this.workers = workers;
        this.clock = clock;
        this.registry = registry;
    }

    /** Handles {@code analysis.requested}; the stage completes once the run exists with its status written. */
    public CompletionStage<Void> start(AnalysisRequested req) {
        return workers.runAsync(() -> withRetries(req.rolloutId() + " run " + req.runName(), () -> startNow(req)));
    }

    /**
     * Kubernetes may be briefly unreachable: a request is retried a few times (every step is idempotent)
     * before its record is dead-lettered with the reason.
     */
    private static void withRetries(String what, Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (attempt >= 4) {
                    throw e;
                }
                LOG.warnf("%s: Kubernetes call failed (%s), attempt %d of 4", what, e.getMessage(), attempt);
                try {
                    Thread.sleep(500L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Handles {@code analysis.cancel.requested}. */
    public CompletionStage<Void> cancel(AnalysisCancelRequested req) {
        return workers.runAsync(() -> withRetries(req.rolloutId() + " run " + req.runName(), () -> cancelNow(req)));
    }

    private void startNow(AnalysisRequested req) {
        String namespace = RunRequests.namespaceOf(req.rolloutId());
        String where = req.rolloutId() + " revision " + req.revision() + " step " + req.stepIndex() + " run " + req.runName();
        Optional<AnalysisRun> existing = runs.get(namespace, req.runName());
        if (existing.isPresent()) {
            AnalysisRun run = existing.get();
            AnalysisRunSpec spec = run.getSpec();
            if (spec != null && Long.valueOf(req.sequence()).equals(spec.requestSequence)
                    && req.rolloutUid().equals(spec.rolloutUid)) {
                LOG.infof("%s: duplicate analysis request (sequence %d) ignored; the run is %s", where, req.sequence(),
                        run.getStatus() == null ? "new" : run.getStatus().phase);
                resume(run);
                return;
            }
            // the name belongs to another request (a recreated rollout, an older controller): that run ends, this one is new
            LOG.infof("%s: a run of this name answers request %s of rollout uid %s; it is replaced by request %d", where,
                    spec == null ? null : spec.requestSequence, spec == null ? null : spec.rolloutUid, req.sequence());
            cancelRun(namespace, req.runName(), req.rolloutId(), "replaced by request " + req.sequence());
            runs.delete(namespace, req.runName());
        }
        RunRequests.Built built = preparation.build(req);
        AnalysisRun created = runs.create(built.run());
        collectGarbage(namespace, req);
        List<String> violations = new ArrayList<>(built.violations());
        RunPlan plan = null;
        if (violations.isEmpty()) {
            RunPlan.Prepared prepared = preparation.prepare(created);
            if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
                violations.addAll(invalid.violations());
            } else {
                plan = ((RunPlan.Prepared.Ready) prepared).plan();
            }
        }
        if (!violations.isEmpty()) {
            String message = text.clean("the run cannot start: " + String.join("; ", violations));
            LOG.warnf("%s: %s", where, message);
            verdicts.end(namespace, req.runName(), (status, now) -> {
                status.startedAt = now.toString();
                return Verdict.error(message);
            });
            return;
        }
        Instant now = clock.instant();
        RunPlan ready = plan;
        runs.updateStatus(namespace, req.runName(), status -> {
            if (status.phase != null) {
                return null;
            }
            status.phase = AnalysisPhase.Running.name();
            status.startedAt = now.toString();
            status.message = "measuring " + ready.metrics().size() + " metric(s)";
            status.metricResults = StatusMapping.results(ready.specs(), Map.of(), false);
            return status;
        });
        LOG.infof("%s: started with metrics %s", where, ready.specs().stream().map(MetricSpec::name).toList());
        registry.counter("sluice.analysis.runs.started").increment();
        supervise(namespace, req.runName(), req.rolloutId(), ready);
    }

    /** Deletes the rollout's finished runs beyond its history limits ({@link RunHistory}). */
    private void collectGarbage(String namespace, AnalysisRequested req) {
        try {
            List<RunHistory.Run> finished = runs.list(namespace, RunRequests.nameOf(req.rolloutId())).stream()
                    .filter(r -> r.getSpec() != null && req.rolloutId().equals(r.getSpec().rollout))
                    .map(r -> new RunHistory.Run(r.getMetadata().getName(), r.getStatus() == null ? null : r.getStatus().phase,
                            r.getSpec().requestSequence == null ? 0 : r.getSpec().requestSequence,
                            r.getStatus() != null && Boolean.TRUE.equals(r.getStatus().verdictPublished)))
                    .toList();
            for (String name : RunHistory.toDelete(finished, req.successfulRunHistoryLimit(), req.unsuccessfulRunHistoryLimit())) {
                runs.delete(namespace, name);
                LOG.infof("%s run %s/%s: deleted (beyond the run history limits)", req.rolloutId(), namespace, name);
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: old AnalysisRuns not collected (%s); the next request tries again", req.rolloutId(), e.getMessage());
        }
    }

    /** Takes over a run found in Kubernetes (restart, rebalance, duplicate request): measures it on, or publishes its verdict. */
    public void resume(AnalysisRun run) {
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        if (StatusMapping.runPhase(run.getStatus()).terminal()) {
            verdicts.publishIfNeeded(run);
            return;
        }
        if (scheduler.isActive(namespace, name)) {
            return;
        }
        RunPlan.Prepared prepared = preparation.prepare(run);
        if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
            String message = text.clean("the run cannot continue: " + String.join("; ", invalid.violations()));
            verdicts.end(namespace, name, (status, now) -> Verdict.error(message));
            return;
        }
        RunPlan plan = ((RunPlan.Prepared.Ready) prepared).plan();
        if (run.getStatus() == null || run.getStatus().startedAt == null) {
            Instant now = clock.instant();
            runs.updateStatus(namespace, name, status -> {
                if (status.startedAt != null) {
                    return null;
                }
                status.phase = AnalysisPhase.Running.name();
                status.startedAt = now.toString();
                status.metricResults = StatusMapping.results(plan.specs(), Map.of(), false);
                return status;
            });
        }
        LOG.infof("%s run %s/%s: resumed", run.getSpec().rollout, namespace, name);
        supervise(namespace, name, run.getSpec().rollout, plan);
    }

    /** Stops measuring the runs of rollouts this replica no longer owns; their status stays for the next owner. */
    public void release(Predicate<String> rolloutIdNoLongerOwned) {
        scheduler.release(rolloutIdNoLongerOwned);
    }

    /** Drops every run from memory without touching Kubernetes, as a crash would (tests use this to simulate a restart). */
    void forgetAll() {
        scheduler.forgetAll();
    }

    boolean isActive(String namespace, String name) {
        return scheduler.isActive(namespace, name);
    }

    private void supervise(String namespace, String name, String rolloutId, RunPlan plan) {
        scheduler.supervise(namespace, name, rolloutId, plan);
    }

    private void cancelNow(AnalysisCancelRequested req) {
        cancelRun(RunRequests.namespaceOf(req.rolloutId()), req.runName(), req.rolloutId(), req.reason());
    }

    /**
     * The rollout moved on (aborted, finished, or a new revision appeared): cancels its unfinished runs that
     * were requested before {@code sequence} (so a replayed event never cancels a later run), except those of
     * {@code keepRevision}.
     */
    public CompletionStage<Void> cancelRollout(String rolloutId, long sequence, String keepRevision, String reason) {
        return workers.runAsync(() -> {
            String namespace = RunRequests.namespaceOf(rolloutId);
            for (AnalysisRun run : runs.list(namespace, RunRequests.nameOf(rolloutId))) {
                AnalysisRunSpec spec = run.getSpec();
                if (spec == null || !rolloutId.equals(spec.rollout) || StatusMapping.runPhase(run.getStatus()).terminal()
                        || spec.requestSequence != null && spec.requestSequence >= sequence
                        || keepRevision != null && keepRevision.equals(spec.revision)) {
                    continue;
                }
                cancelRun(namespace, run.getMetadata().getName(), rolloutId, reason);
            }
        });
    }

    private void cancelRun(String namespace, String runName, String rolloutId, String reason) {
        String key = namespace + "/" + runName;
        Optional<AnalysisRun> found = runs.get(namespace, runName);
        if (found.isEmpty()) {
            LOG.infof("%s run %s: cancel requested (%s) but there is no such run", rolloutId, key, reason);
            return;
        }
        if (StatusMapping.runPhase(found.get().getStatus()).terminal()) {
            LOG.debugf("%s run %s: already %s, cancel ignored", rolloutId, key, found.get().getStatus().phase);
            verdicts.publishIfNeeded(found.get());
            return;
        }
        RunPlan plan = scheduler.stop(namespace, runName)
                .orElseGet(() -> preparation.prepare(found.get()) instanceof RunPlan.Prepared.Ready ready ? ready.plan() : null);
        verdicts.end(namespace, runName, (status, now) -> {
            if (plan == null) {
                return new Verdict(AnalysisPhase.Successful, null, null, "cancelled (" + reason + ")");
            }
            Map<String, MetricProgress> progress = StatusMapping.progress(status);
            status.metricResults = StatusMapping.results(plan.specs(), progress, true);
            return RunAssessment.verdict(plan.specs(), progress, true, reason).orElseThrow();
        });
        LOG.infof("%s revision %s run %s: cancelled (%s)", rolloutId, found.get().getSpec().revision, key, reason);
    }
}
