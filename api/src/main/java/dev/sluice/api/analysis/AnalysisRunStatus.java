package dev.sluice.api.analysis;

/** The run's phase and every measurement. */
public class AnalysisRunStatus {
    /** Pending, Running, Successful, Failed, Error or Inconclusive. */
    public String phase;
}
