package dev.sluice.analysis.wiring;

import dev.sluice.analysis.core.StatusWriteBackoff;
import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.analysis.core.Measurement;
import dev.sluice.analysis.core.MeasurementJudge;
import dev.sluice.analysis.core.MetricProgress;
import dev.sluice.analysis.core.MetricSpec;
import dev.sluice.analysis.core.RunAssessment;
import dev.sluice.analysis.core.RunPlan;
import dev.sluice.analysis.core.StatusMapping;
import dev.sluice.analysis.core.Verdict;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.events.MeasurementPhase;
import dev.sluice.events.MeasurementTaken;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The measurement loop of the runs this replica measures: each metric is measured when it is due (times derived from
 * the run's status, so a replica that resumes a run measures exactly when the previous one would have), every
 * measurement is written to {@code AnalysisRun.status} before it is published, and the verdict goes to
 * {@link VerdictPublisher}. Each metric is measured on the worker pool independently (an event metric may wait minutes
 * for its check without holding up the others); status writes of one run are serialised by its {@link RunLocks lock}.
 */
@ApplicationScoped
public class MeasurementScheduler {
    private static final Logger LOG = Logger.getLogger(MeasurementScheduler.class);

    /** A run this replica is measuring. */
    static final class Active {
        final String namespace;
        final String name;
        final String rolloutId;
        final RunPlan plan;
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        /** Measurements in a row whose status write failed ({@link StatusWriteBackoff}). */
        final java.util.concurrent.atomic.AtomicInteger writeFailures = new java.util.concurrent.atomic.AtomicInteger();
        volatile ScheduledFuture<?> timer;
        volatile boolean released;

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
    private final SecretReader secrets;
    private final EventPublisher publisher;
    private final VerdictPublisher verdicts;
    private final RunLocks locks;
    private final RunWorkers workers;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Duration measurementTimeout;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** Masks Secret values and cuts long values and messages before they are written, published or logged. */
    @Inject
    dev.sluice.analysis.redact.MeasurementText text;

    @Inject
    public MeasurementScheduler(AnalysisRunStore runs, SecretReader secrets, EventPublisher publisher, VerdictPublisher verdicts,
            RunLocks locks, RunWorkers workers, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "sluice.analysis.measurement-timeout", defaultValue = "30s") Duration measurementTimeout) {
        this.runs = runs;
        this.secrets = secrets;
        this.publisher = publisher;
        this.verdicts = verdicts;
        this.locks = locks;
        this.workers = workers;
        this.clock = clock;
        this.registry = registry;
        this.measurementTimeout = measurementTimeout;
    }

    /** Starts measuring a run, unless this replica measures it already. */
    void supervise(String namespace, String name, String rolloutId, RunPlan plan) {
        Active a = new Active(namespace, name, rolloutId, plan);
        if (active.putIfAbsent(a.key(), a) == null) {
            workers.execute(() -> tick(a));
        }
    }

    /** Stops measuring a run (cancelled); its plan when this replica was measuring it. */
    Optional<RunPlan> stop(String namespace, String name) {
        Active a = active.get(namespace + "/" + name);
        if (a == null) {
            return Optional.empty();
        }
        forget(a);
        return Optional.of(a.plan);
    }

    /** Stops measuring the runs of rollouts this replica no longer owns; their status stays for the next owner. */
    void release(Predicate<String> rolloutIdNoLongerOwned) {
        for (Active a : List.copyOf(active.values())) {
            if (rolloutIdNoLongerOwned.test(a.rolloutId)) {
                forget(a);
                LOG.infof("%s run %s: released to the replica that now owns the rollout", a.rolloutId, a.key());
            }
        }
    }

    /** Drops every run from memory without touching Kubernetes, as a crash would. */
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

    /** Starts every due metric that is not already being measured, then sleeps until the next one is due. */
    private void tick(Active a) {
        if (a.released) {
            return;
        }
        try {
            locks.with(a.key(), () -> {
                Optional<AnalysisRun> found = runs.get(a.namespace, a.name);
                if (found.isEmpty()) {
                    forget(a);
                    return null;
                }
                AnalysisRun run = found.get();
                if (StatusMapping.runPhase(run.getStatus()).terminal()) {
                    forget(a);
                    verdicts.publishIfNeeded(run);
                    return null;
                }
                Instant startedAt = StatusMapping.instant(run.getStatus().startedAt);
                Map<String, MetricProgress> progress = StatusMapping.progress(run.getStatus());
                Instant now = clock.instant();
                for (MetricSpec due : RunAssessment.due(a.plan.specs(), progress, startedAt, now)) {
                    if (a.inFlight.add(due.name())) {
                        MeasurementRequest.RunContext context = new MeasurementRequest.RunContext(run.getSpec().rollout,
                                run.getSpec().revision, a.name, StatusMapping.reportedSince(run.getSpec().requestedAt, startedAt));
                        workers.execute(() -> measureAndRecord(a, due, context));
                    }
                }
                List<MetricSpec> waiting = a.plan.specs().stream().filter(s -> !a.inFlight.contains(s.name())).toList();
                RunAssessment.nextWakeUp(waiting, progress, startedAt).ifPresent(at -> schedule(a, at));
                return null;
            });
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
        a.timer = workers.later(Duration.between(clock.instant(), at), () -> tick(a));
    }

    /**
     * One measurement on a worker thread. Whatever the provider or the conditions throw — an exception or an {@code Error}
     * (a stack overflow in a CEL evaluation, an allocation that ran out of memory) — becomes an Error measurement with
     * that failure as its message, the metric's in-flight flag is cleared, and the run goes on (and ends in Error after
     * {@code consecutiveErrorLimit}); the worker thread survives.
     */
    private void measureAndRecord(Active a, MetricSpec spec, MeasurementRequest.RunContext context) {
        try {
            RunPlan.PlannedMetric metric = a.plan.metric(spec.name()).orElseThrow();
            Instant started = clock.instant();
            ProviderResult result;
            try {
                result = metric.provider().measure(new MeasurementRequest(a.namespace, spec.name(), spec.providerConfig(), started,
                        measurementTimeout, secrets, context));
            } catch (RuntimeException | Error e) {
                result = new ProviderResult.Failure(spec.providerType() + " provider failed: " + describe(e));
            }
            MeasurementJudge.Judged judged;
            try {
                judged = MeasurementJudge.judge(metric.success(), metric.failure(), result);
            } catch (RuntimeException | Error e) {
                judged = new MeasurementJudge.Judged(MeasurementPhase.Error, null, "evaluating the conditions failed: " + describe(e),
                        null, null);
            }
            record(a, metric, text.clean(judged), started, clock.instant());
            a.writeFailures.set(0);
        } catch (RuntimeException | Error e) {
            int failures = a.writeFailures.incrementAndGet();
            Optional<Duration> wait = StatusWriteBackoff.after(failures);
            String reason = text.clean(describe(e));
            LOG.errorf("%s run %s: cannot record a measurement of %s (%d in a row: %s); %s", context.rolloutId(), a.key(),
                    spec.name(), failures, reason,
                    wait.map(d -> "it is taken again in " + d.toMillis() + " ms").orElse("the run ends in Error"));
            if (wait.isEmpty()) {
                a.inFlight.remove(spec.name());
                endInError(a, "the run's status could not be written " + failures + " times in a row: " + reason);
                return;
            }
            // the metric stays in flight until the wait is over, so nothing measures it sooner
            if (workers.later(wait.get(), () -> {
                a.inFlight.remove(spec.name());
                tick(a);
            }) == null) {
                a.inFlight.remove(spec.name());
            }
            return;
        }
        a.inFlight.remove(spec.name());
        tick(a);
    }

    /** Ends a run this replica cannot record measurements of: Error, with the reason, and its verdict published. */
    private void endInError(Active a, String message) {
        forget(a);
        try {
            verdicts.end(a.namespace, a.name, (status, now) -> Verdict.error(message));
        } catch (RuntimeException e) {
            LOG.errorf("%s run %s: cannot end the run in Error either (%s); the next owner resumes it", a.rolloutId, a.key(),
                    text.clean(describe(e)));
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private void record(Active a, RunPlan.PlannedMetric metric, MeasurementJudge.Judged judged, Instant started, Instant finished) {
        if (a.released) {
            return;
        }
        MetricSpec spec = metric.spec();
        Measurement[] taken = new Measurement[1];
        Verdict[] verdict = new Verdict[1];
        Optional<AnalysisRun> written = locks.with(a.key(), () -> runs.updateStatus(a.namespace, a.name, status -> {
            if (StatusMapping.runPhase(status).terminal()) {
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
                VerdictPublisher.apply(status, v.get(), finished);
            } else {
                status.message = "measuring " + a.plan.metrics().size() + " metric(s)";
            }
            return status;
        }));
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
            verdicts.publishIfNeeded(run);
        }
    }
}
