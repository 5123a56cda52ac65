package dev.sluice.analysis.wiring;

import dev.sluice.analysis.kubernetes.AnalysisRunStore;
import dev.sluice.analysis.core.StatusMapping;
import dev.sluice.analysis.core.Verdict;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisRunSpec;
import dev.sluice.api.analysis.AnalysisRunStatus;
import dev.sluice.common.messaging.EventPublisher;
import dev.sluice.events.AnalysisCompleted;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A run's verdict: written to its status, then published as {@code analysis.completed} once —
 * {@code status.verdictPublished} records that the broker has it, so a crash between the two publishes it again and a
 * redelivery never twice. A publish that fails is tried again 10 s later.
 */
@ApplicationScoped
public class VerdictPublisher {
    private static final Logger LOG = Logger.getLogger(VerdictPublisher.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final AnalysisRunStore runs;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;
    private final RunLocks locks;
    private final RunWorkers workers;

    @Inject
    public VerdictPublisher(AnalysisRunStore runs, EventPublisher publisher, Clock clock, MeterRegistry registry, RunLocks locks,
            RunWorkers workers) {
        this.runs = runs;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        this.locks = locks;
        this.workers = workers;
    }

    /** Writes a verdict into the run's status (the caller holds the run's lock and writes the status). */
    static void apply(AnalysisRunStatus status, Verdict v, Instant at) {
        status.phase = v.phase().name();
        status.message = v.message();
        status.decidingMetric = v.metricName();
        status.decidingValue = v.value();
        status.completedAt = at.toString();
    }

    /** The verdict of a run that has not ended yet, from its status (which it may also fill in) and the time of the ending. */
    @FunctionalInterface
    public interface Ending {
        Verdict of(AnalysisRunStatus status, Instant now);
    }

    /**
     * Ends a run that has not ended yet: its verdict is written into its status under the run's lock, then published;
     * a run that has ended already keeps its verdict (published here if it was not yet).
     */
    public void end(String namespace, String name, Ending ending) {
        Instant now = clock.instant();
        Optional<AnalysisRun> written = locks.with(namespace + "/" + name, () -> runs.updateStatus(namespace, name, status -> {
            if (StatusMapping.runPhase(status).terminal()) {
                return null;
            }
            apply(status, ending.of(status, now), now);
            return status;
        }));
        written.ifPresent(this::publishIfNeeded);
    }

    /** Publishes {@code analysis.completed} for a terminal run once; {@code status.verdictPublished} records it. */
    public void publishIfNeeded(AnalysisRun run) {
        AnalysisRunStatus status = run.getStatus();
        if (status == null || !StatusMapping.runPhase(status).terminal() || Boolean.TRUE.equals(status.verdictPublished)) {
            return;
        }
        AnalysisRunSpec spec = run.getSpec();
        String namespace = run.getMetadata().getNamespace();
        String name = run.getMetadata().getName();
        Instant completed = status.completedAt == null ? clock.instant() : Instant.parse(status.completedAt);
        AnalysisCompleted event = new AnalysisCompleted(spec.rollout, spec.rolloutUid, spec.revision, name,
                spec.requestSequence == null ? 0 : spec.requestSequence, StatusMapping.runPhase(status), status.decidingMetric,
                status.decidingValue, status.message == null ? status.phase : status.message, completed);
        try {
            publisher.publish(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.errorf("%s run %s/%s: verdict %s not published (%s); retrying in 10s", spec.rollout, namespace, name,
                    status.phase, e.getMessage());
            workers.later(RETRY, () -> runs.get(namespace, name).ifPresent(this::publishIfNeeded));
            return;
        }
        locks.with(namespace + "/" + name, () -> runs.updateStatus(namespace, name, s -> {
            s.verdictPublished = true;
            return s;
        }));
        registry.counter("sluice.analysis.runs.completed", "phase", status.phase).increment();
        LOG.infof("%s revision %s step %s run %s/%s: %s — %s", spec.rollout, spec.revision, spec.stepIndex, namespace, name,
                status.phase, status.message);
    }
}
