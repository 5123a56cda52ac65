package dev.sluice.analysis.provider;

/**
 * A provider's answer, normalised (PROVIDERS.md A.0): a value, no data, or a failure. The conditions see
 * {@link Value#value()} as {@code result}; no data is handed to them as an empty result, as Argo does.
 */
public sealed interface ProviderResult {

    /**
     * A measured value: a {@code Double} (scalar), a {@code List<Double>} (vector: one per series or row), or
     * JSON-like {@code Map}/{@code List}/{@code String}/{@code Boolean} (web and JSON providers).
     *
     * @param display the value as shown in AnalysisRun status and events, e.g. {@code 0.991} or {@code [0.99,0.97]}
     */
    record Value(Object value, String display) implements ProviderResult {
    }

    /** The query matched nothing (empty vector, no series, no rows). */
    record NoData(String message) implements ProviderResult {
    }

    /** The back-end failed or answered something unreadable; {@code message} carries the server's own words. */
    record Failure(String message) implements ProviderResult {
    }
}
