package dev.sluice.api.analysis;

/** The resolved metrics of one run. */
public class AnalysisRunSpec {
}
