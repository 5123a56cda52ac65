/**
 * The Quarkus, Kafka and Kubernetes wiring around the pure {@link dev.sluice.analysis.core} core: {@code RunSupervisor}
 * (a run's life: start, cancel, resume, release), {@code MeasurementScheduler} (measuring each metric when due),
 * {@code VerdictPublisher} (a run's verdict written and {@code analysis.completed} published once), with their
 * threads and per-run locks.
 */
package dev.sluice.analysis.wiring;
