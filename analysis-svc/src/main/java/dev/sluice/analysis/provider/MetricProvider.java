package dev.sluice.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One metric back-end (Prometheus, Datadog, web, ...). One implementation per package under
 * {@code provider/<name>/}, an {@code @ApplicationScoped} CDI bean: {@link ProviderRegistry} collects every bean and
 * finds one by {@link #type()}, so the run engine needs no change for a new provider. What a new provider does
 * still touch outside its package: a field and a {@code case} in {@code api}'s {@code MetricProviderSpec} (the CRD
 * schema of the {@code provider:} block) and, for offline validation, one entry in the list of {@code lint}'s
 * {@code SpecChecks}. Measurements run on several threads at once, so an implementation must be safe to call
 * concurrently, and it must not log the secrets its block carries (tokens, API keys).
 */
public interface MetricProvider {

    /** The key under a metric's {@code provider:} block, e.g. {@code prometheus}, {@code datadog}, {@code newRelic}. */
    String type();

    /**
     * Every problem with the provider block, found when the run starts rather than at the first measurement
     * (missing query, bad address, unknown field values). Empty when it is usable.
     */
    default List<String> validate(JsonNode config) {
        return List.of();
    }

    /**
     * Makes an argument's value safe to substitute into the string at {@code path} of this provider's block
     * (e.g. {@code query}, {@code headers[0].value}), so a value cannot change the shape of a query. The default
     * substitutes the value as it is.
     */
    default String escapeArg(String path, String value) {
        return value;
    }

    /**
     * The success condition used when a metric of this provider has neither condition; null (the default)
     * keeps Argo's rule that any value succeeds. The event provider answers {@code result.passed}.
     */
    default String defaultSuccessCondition() {
        return null;
    }

    /** Takes one measurement now. Never throws for a back-end's failure: that is a {@link ProviderResult.Failure}. */
    ProviderResult measure(MeasurementRequest request);
}
