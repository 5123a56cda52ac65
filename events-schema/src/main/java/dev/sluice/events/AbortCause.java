package dev.sluice.events;

/**
 * Why the controller aborted a revision, as a value a consumer can switch on instead of reading the reason text
 * (names follow Argo Rollouts' condition reasons where Argo has one).
 */
public enum AbortCause {
    /** An abort command (kubectl sluice abort, the REST API, the dashboard, a Kafka producer). */
    Command,
    /** An AnalysisRun, background analysis or progression check failed: {@code metricName} and {@code measuredValue} say which. */
    Analysis,
    /** The revision made no progress within {@code progressDeadlineSeconds} and {@code progressDeadlineAbort} is set. */
    ProgressDeadlineExceeded
}
