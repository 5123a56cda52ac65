package dev.sluice.api.analysis;

/** Metrics to measure and the conditions that judge them. */
public class AnalysisTemplateSpec {
}
