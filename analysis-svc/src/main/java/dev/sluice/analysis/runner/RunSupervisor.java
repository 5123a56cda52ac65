package dev.sluice.analysis.runner;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.kubernetes.TemplateSource;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderRegistry;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.analysis.redact.MeasurementText;
import dev.sluice.analysis.run.Measurement;
import dev.sluice.analysis.run.MeasurementJudge;
import dev.sluice.analysis.run.MetricProgress;
import dev.sluice.analysis.run.MetricSpec;
import dev.sluice.analysis.run.RunAssessment;
import dev.sluice.analysis.run.RunHistory;
import dev.sluice.analysis.run.RunPlan;
import dev.sluice.analysis.run.StatusMapping;
import dev.sluice.analysis.run.TemplateMerge;
import dev.sluice.analysis.run.Verdict;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.events.AnalysisCancelRequested;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.MeasurementTaken;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The measurement loop. Starts runs on request, measures each metric when it is due (times derived from the
 * run's status, so a replica that resumes a run measures exactly when the previous one would have), writes
 * every measurement to {@code AnalysisRun.status} before publishing it, and publishes one
 * {@code analysis.completed} per run ({@code status.verdictPublished} makes that survive a crash).
 *
 * <p>Each metric is measured on the worker pool independently (an event metric may wait minutes for its
 * check without holding up the others); status writes of one run are serialised by the run's lock.
 */
@ApplicationScoped
public class RunSupervisor {
    private static final Logger LOG = Logger.getLogger(RunSupervisor.class);

    /** A run this replica is measuring. */
    static final class Active {
        final String namespace;
        final String name;
        final String rolloutId;
        final RunPlan plan;
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        volatile ScheduledFuture<?> timer;
        volatile boolean released;
        /** Measurements in a row whose status write failed ({@link StatusWriteBackoff}). */
        final java.util.concurrent.atomic.AtomicInteger writeFailures = new java.util.concurrent.atomic.AtomicInteger();

        Active(String namespace, String name, String rolloutId, RunPlan plan) {
            this.namespace = namespace;
            this.name = name;
            this.rolloutId = rolloutId;
            this.plan = plan;
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    private final AnalysisRunStore runs;
    private final TemplateSource templates;
    private final SecretReader secrets;
    private final ProviderRegistry providers;
    private final ConditionCompiler compiler;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Duration measurementTimeout;
    private final Optional<String> prometheusAddress;
    /** Masks Secret values and cuts long values and messages before they are written, published or logged. */
    @Inject
    MeasurementText text;

    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** Status writes of one run are serialised on one of these, by the run's key: bounded, nothing to evict. */
    private final Object[] locks = java.util.stream.IntStream.range(0, 256).mapToObj(i -> new Object()).toArray();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("sluice-analysis-timer"));
    /** At most {@code sluice.analysis.workers} threads measure (and start, cancel) at once; the rest wait their turn. */
    private final ExecutorService workers;

    @Inject
    public RunSupervisor(AnalysisRunStore runs, TemplateSource templates, SecretReader secrets, ProviderRegistry providers,
            ConditionCompiler compiler, EventPublisher publisher, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "sluice.analysis.measurement-timeout", defaultValue = "30s") Duration measurementTimeout,
            @ConfigProperty(name = "sluice.analysis.prometheus.address") Optional<String> prometheusAddress,
            @ConfigProperty(name = "sluice.analysis.workers", defaultValue = "256") int workerThreads) {
        this.runs = runs;
        this.templates = templates;
        this.secrets = secrets;
        this.providers = providers;
        this.compiler = compiler;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        this.measurementTimeout = measurementTimeout;
        this.prometheusAddress = prometheusAddress;
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(workerThreads, workerThreads,
                30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), daemon("sluice-analysis-measure"));
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        workers.shutdownNow();
    }

    /** Handles {@code analysis.requested}; the stage completes once the run exists with its status written. */
    public CompletionStage<Void> start(AnalysisRequested req) {
        return CompletableFuture.runAsync(() -> withRetries(req.rolloutId() + " run " + req.runName(), () -> startNow(req)),
                workers);
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
        return CompletableFuture.runAsync(() -> withRetries(req.rolloutId() + " run " + req.runName(), () -> cancelNow(req)),
                workers);
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
        RunRequests.Built built = RunRequests.build(req, templates, prometheusAddress);
        AnalysisRun created = runs.create(built.run());
        collectGarbage(namespace, req);
        List<String> violations = new ArrayList<>(built.violations());
        RunPlan plan = null;
        if (violations.isEmpty()) {
            RunPlan.Prepared prepared = prepare(created);
            if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
                violations.addAll(invalid.violations());
            } else {
                plan = ((RunPlan.Prepared.Ready) prepared).plan();
            }
        }
        Instant now = clock.instant();
        if (!violations.isEmpty()) {
            String message = text.clean("the run cannot start: " + String.join("; ", violations));
            LOG.warnf("%s: %s", where, message);
            runs.updateStatus(namespace, req.runName(), status -> {
                if (phase(status).terminal()) {
                    return null;
                }
                status.phase = AnalysisPhase.Error.name();
                status.message = message;
                status.startedAt = now.toString();
                status.completedAt = now.toString();
                return status;
            });
            runs.get(namespace, req.runName()).ifPresent(this::publishVerdictIfNeeded);
            return;
        }
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
        if (phase(run.getStatus()).terminal()) {
            publishVerdictIfNeeded(run);
            return;
        }
        if (active.containsKey(namespace + "/" + name)) {
            return;
        }
        RunPlan.Prepared prepared = prepare(run);
        if (prepared instanceof RunPlan.Prepared.Invalid invalid) {
            String message = text.clean("the run cannot continue: " + String.join("; ", invalid.violations()));
            Instant now = clock.instant();
            runs.updateStatus(namespace, name, status -> {
                if (phase(status).terminal()) {
                    return null;
                }
                status.phase = AnalysisPhase.Error.name();
                status.message = message;
                status.completedAt = now.toString();
                return status;
            });
            runs.get(namespace, name).ifPresent(this::publishVerdictIfNeeded);
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
        for (Active a : List.copyOf(active.values())) {
            if (rolloutIdNoLongerOwned.test(a.rolloutId)) {
                forget(a);
                LOG.infof("%s run %s: released to the replica that now owns the rollout", a.rolloutId, a.key());
            }
        }
    }

    /** Drops every run from memory without touching Kubernetes, as a crash would (tests use this to simulate a restart). */
    void forgetAll() {
        List.copyOf(active.values()).forEach(this::forget);
    }

    boolean isActive(String namespace, String name) {
        return active.containsKey(namespace + "/" + name);
    }

    private void forget(Active a) {
        a.released = true;
        ScheduledFuture<?> t = a.timer;
        if (t != null) {
            t.cancel(false);
        }
        active.remove(a.key(), a);
    }

    private void supervise(String namespace, String name, String rolloutId, RunPlan plan) {
        Active a = new Active(namespace, name, rolloutId, plan);
        if (active.putIfAbsent(a.key(), a) == null) {
            workers.execute(() -> tick(a));
        }
    }

    private RunPlan.Prepared prepare(AnalysisRun run) {
        AnalysisRunSpec spec = run.getSpec();
        List<String> violations = new ArrayList<>();
        Map<String, String> args = TemplateMerge.resolveArgs(spec.args == null ? List.of() : spec.args,
                run.getMetadata().getNamespace(), secrets, violations);
        if (!violations.isEmpty()) {
            return new RunPlan.Prepared.Invalid(violations);
        }
        return RunPlan.prepare(spec.metrics, spec.dryRun, spec.measurementRetention, args, providers::find, compiler);
    }

    /** Starts every due metric that is not already being measured, then sleeps until the next one is due. */
    private void tick(Active a) {
        if (a.released) {
            return;
        }
        try {
            synchronized (lock(a.key())) {
                Optional<AnalysisRun> found = runs.get(a.namespace, a.name);
                if (found.isEmpty()) {
                    forget(a);
                    return;
                }
                AnalysisRun run = found.get();
                if (phase(run.getStatus()).terminal()) {
                    forget(a);
                    publishVerdictIfNeeded(run);
                    return;
                }
                Instant startedAt = StatusMapping.instant(run.getStatus().startedAt);
                Map<String, MetricProgress> progress = StatusMapping.progress(run.getStatus());
                Instant now = clock.instant();
                for (MetricSpec due : RunAssessment.due(a.plan.specs(), progress, startedAt, now)) {
                    if (a.inFlight.add(due.name())) {
                        MeasurementRequest.RunContext context = new MeasurementRequest.RunContext(run.getSpec().rollout,
                                run.getSpec().revision, a.name, startedAt);
                        workers.execute(() -> measureAndRecord(a, due, context));
                    }
                }
                List<MetricSpec> waiting = a.plan.specs().stream().filter(s -> !a.inFlight.contains(s.name())).toList();
                RunAssessment.nextWakeUp(waiting, progress, startedAt).ifPresent(at -> schedule(a, at));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s run %s: cannot read or schedule the run; retrying in 10s", a.rolloutId, a.key());
            schedule(a, clock.instant().plusSeconds(10));
        }
    }

    private void schedule(Active a, Instant at) {
        if (a.released) {
            return;
        }
        ScheduledFuture<?> previous = a.timer;
        if (previous != null) {
            previous.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            a.timer = timers.schedule(() -> workers.execute(() -> tick(a)), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the service is stopping: the next owner resumes from status
        }
    }

    private void measureAndRecord(Active a, MetricSpec spec, MeasurementRequest.RunContext context) {
        RunPlan.PlannedMetric metric = a.plan.metric(spec.name()).orElseThrow();
        Instant started = clock.instant();
        ProviderResult result;
        try {
            result = metric.provider().measure(new MeasurementRequest(a.namespace, spec.name(), spec.providerConfig(), started,
                    measurementTimeout, secrets, context));
        } catch (RuntimeException e) {
            result = new ProviderResult.Failure(spec.providerType() + " provider failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        MeasurementJudge.Judged judged = text.clean(MeasurementJudge.judge(metric.success(), metric.failure(), result));
        Instant finished = clock.instant();
        try {
            record(a, metric, judged, started, finished);
            a.writeFailures.set(0);
        } catch (RuntimeException e) {
            int failures = a.writeFailures.incrementAndGet();
            Optional<Duration> wait = StatusWriteBackoff.after(failures);
            String reason = text.clean(String.valueOf(e.getMessage()));
            LOG.errorf("%s run %s: cannot record a measurement of %s (%d in a row: %s); %s", context.rolloutId(), a.key(),
                    spec.name(), failures, reason,
                    wait.map(d -> "it is taken again in " + d.toMillis() + " ms").orElse("the run ends in Error"));
            if (wait.isEmpty()) {
                a.inFlight.remove(spec.name());
                endInError(a, "the run's status could not be written " + failures + " times in a row: " + reason);
                return;
            }
            try { // the metric stays in flight until the wait is over, so nothing measures it sooner
                timers.schedule(() -> {
                    a.inFlight.remove(spec.name());
                    workers.execute(() -> tick(a));
                }, wait.get().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the next owner resumes from status
            }
            return;
        } catch (Error e) {
            a.inFlight.remove(spec.name());
            throw e;
        }
        a.inFlight.remove(spec.name());
        tick(a);
    }

    /** Ends a run this replica cannot record measurements of: Error, with the reason, and its verdict published. */
    private void endInError(Active a, String message) {
        forget(a);
        Instant now = clock.instant();
        try {
            Optional<AnalysisRun> written;
            synchronized (lock(a.key())) {
                written = runs.updateStatus(a.namespace, a.name, status -> {
                    if (phase(status).terminal()) {
                        return null;
                    }
                    applyVerdict(status, new Verdict(AnalysisPhase.Error, null, null, message), now);
                    return status;
                });
            }
            written.ifPresent(this::publishVerdictIfNeeded);
        } catch (RuntimeException e) {
            LOG.errorf("%s run %s: cannot end the run in Error either (%s); the next owner resumes it", a.rolloutId, a.key(),
                    text.clean(String.valueOf(e.getMessage())));
        }
    }

    private void record(Active a, RunPlan.PlannedMetric metric, MeasurementJudge.Judged judged, Instant started, Instant finished) {
        if (a.released) {
            return;
        }
        MetricSpec spec = metric.spec();
        Measurement[] taken = new Measurement[1];
        Verdict[] verdict = new Verdict[1];
        Optional<AnalysisRun> written;
        synchronized (lock(a.key())) {
            written = runs.updateStatus(a.namespace, a.name, status -> {
                if (phase(status).terminal()) {
                    return null;
                }
                Map<String, MetricProgress> progress = StatusMapping.progress(status);
                MetricProgress before = progress.getOrDefault(spec.name(), MetricProgress.none(spec.name()));
                Measurement m = new Measurement(before.nextIndex(), judged.phase(), judged.value(), judged.message(), started,
                        finished);
                progress.put(spec.name(), before.record(m, metric.retention()));
                taken[0] = m;
                Optional<Verdict> v = RunAssessment.verdict(a.plan.specs(), progress, false, null);
                status.metricResults = StatusMapping.results(a.plan.specs(), progress, v.isPresent());
                if (v.isPresent()) {
                    verdict[0] = v.get();
                    applyVerdict(status, v.get(), finished);
                } else {
                    status.message = "measuring " + a.plan.metrics().size() + " metric(s)";
                }
                return status;
            });
        }
        if (taken[0] == null || written.isEmpty()) {
            return;
        }
        AnalysisRun run = written.get();
        AnalysisRunSpec runSpec = run.getSpec();
        Measurement m = taken[0];
        LOG.infof("%s revision %s step %s run %s: %s #%d %s value=%s (%s)", runSpec.rollout, runSpec.revision,
                runSpec.stepIndex, a.name, spec.name(), m.index(), m.phase(), m.value(), m.message());
        registry.counter("sluice.analysis.measurements", "phase", m.phase().name(), "provider", spec.providerType()).increment();
        publisher.publish(new MeasurementTaken(runSpec.rollout, runSpec.rolloutUid, runSpec.revision, a.name, spec.name(),
                m.index(), m.phase(), m.value(), m.message(), spec.dryRun(), finished))
                .exceptionally(e -> {
                    LOG.warnf("%s run %s: measurement event not published: %s", runSpec.rollout, a.key(), e.getMessage());
                    return null;
                });
        if (verdict[0] != null) {
            forget(a);
            publishVerdictIfNeeded(run);
        }
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
        return CompletableFuture.runAsync(() -> {
            String namespace = RunRequests.namespaceOf(rolloutId);
            for (AnalysisRun run : runs.list(namespace, RunRequests.nameOf(rolloutId))) {
                AnalysisRunSpec spec = run.getSpec();
                if (spec == null || !rolloutId.equals(spec.rollout) || phase(run.getStatus()).terminal()
                        || spec.requestSequence != null && spec.requestSequence >= sequence
                        || keepRevision != null && keepRevision.equals(spec.revision)) {
                    continue;
                }
                cancelRun(namespace, run.getMetadata().getName(), rolloutId, reason);
            }
        }, workers);
    }

    private void cancelRun(String namespace, String runName, String rolloutId, String reason) {
        String key = namespace + "/" + runName;
        Optional<AnalysisRun> found = runs.get(namespace, runName);
        if (found.isEmpty()) {
            LOG.infof("%s run %s: cancel requested (%s) but there is no such run", rolloutId, key, reason);
            return;
        }
        if (phase(found.get().getStatus()).terminal()) {
            LOG.debugf("%s run %s: already %s, cancel ignored", rolloutId, key, found.get().getStatus().phase);
            publishVerdictIfNeeded(found.get());
            return;
        }
        Active a = active.get(key);
        RunPlan plan = a != null ? a.plan : prepare(found.get()) instanceof RunPlan.Prepared.Ready ready ? ready.plan() : null;
        if (a != null) {
            forget(a);
        }
        Instant now = clock.instant();
        Optional<AnalysisRun> written;
        synchronized (lock(key)) {
            written = runs.updateStatus(namespace, runName, status -> {
                if (phase(status).terminal()) {
                    return null;
                }
                Verdict v;
                if (plan == null) {
                    v = new Verdict(AnalysisPhase.Successful, null, null, "cancelled (" + reason + ")");
                } else {
                    Map<String, MetricProgress> progress = StatusMapping.progress(status);
                    v = RunAssessment.verdict(plan.specs(), progress, true, reason).orElseThrow();
                    status.metricResults = StatusMapping.results(plan.specs(), progress, true);
                }
                applyVerdict(status, v, now);
                return status;
            });
        }
        LOG.infof("%s revision %s run %s: cancelled (%s)", rolloutId, found.get().getSpec().revision, key, reason);
        written.ifPresent(this::publishVerdictIfNeeded);
    }

    private static void applyVerdict(AnalysisRunStatus status, Verdict v, Instant at) {
        status.phase = v.phase().name();
        status.message = v.message();
        status.decidingMetric = v.metricName();
        status.decidingValue = v.value();
        status.completedAt = at.toString();
    }

    /** Publishes {@code analysis.completed} for a terminal run once; {@code status.verdictPublished} records it. */
    private void publishVerdictIfNeeded(AnalysisRun run) {
        AnalysisRunStatus status = run.getStatus();
        if (status == null || !phase(status).terminal() || Boolean.TRUE.equals(status.verdictPublished)) {
            return;
        }
        AnalysisRunSpec spec = run.getSpec();
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        Instant completed = status.completedAt == null ? clock.instant() : Instant.parse(status.completedAt);
        AnalysisCompleted event = new AnalysisCompleted(spec.rollout, spec.rolloutUid, spec.revision, name,
                spec.requestSequence == null ? 0 : spec.requestSequence, phase(status), status.decidingMetric,
                status.decidingValue, status.message == null ? status.phase : status.message, completed);
        try {
            publisher.publish(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("%s run %s/%s: verdict %s not published (%s); retrying in 10s", spec.rollout, namespace, name,
                    status.phase, e.getMessage());
            try {
                timers.schedule(() -> workers.execute(() -> runs.get(namespace, name).ifPresent(this::publishVerdictIfNeeded)),
                        10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the next owner publishes it
            }
            return;
        }
        synchronized (lock(namespace + "/" + name)) {
            runs.updateStatus(namespace, name, s -> {
                s.verdictPublished = true;
                return s;
            });
        }
        registry.counter("sluice.analysis.runs.completed", "phase", status.phase).increment();
        LOG.infof("%s revision %s step %s run %s/%s: %s — %s", spec.rollout, spec.revision, spec.stepIndex, namespace, name,
                status.phase, status.message);
    }

    private Object lock(String key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }

    static AnalysisPhase phase(AnalysisRunStatus status) {
        if (status == null || status.phase == null) {
            return AnalysisPhase.Pending;
        }
        try {
            return AnalysisPhase.valueOf(status.phase);
        } catch (IllegalArgumentException e) {
            return AnalysisPhase.Error;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
