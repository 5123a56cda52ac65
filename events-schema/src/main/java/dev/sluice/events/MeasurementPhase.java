package dev.sluice.events;

/** The outcome of one measurement, as in Argo Rollouts. */
public enum MeasurementPhase { Successful, Failed, Inconclusive, Error }
