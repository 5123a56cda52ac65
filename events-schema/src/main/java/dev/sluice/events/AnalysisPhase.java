package dev.sluice.events;

/**
 * The phase of an AnalysisRun. Pending → Running → one of the terminal phases; a terminal run never
 * changes again.
 */
public enum AnalysisPhase {
    Pending, Running, Successful, Failed, Error, Inconclusive;

    public boolean terminal() {
        return this != Pending && this != Running;
    }
}
