/**
 * The wiring around the pure {@link dev.sluice.analysis.run} core: {@code RunSupervisor} (a run's life: start, cancel,
 * resume, release), {@code MeasurementScheduler} (measuring each metric when due), {@code VerdictPublisher}
 * ({@code analysis.completed} once), with their threads and per-run locks.
 */
package dev.sluice.analysis.runner;
