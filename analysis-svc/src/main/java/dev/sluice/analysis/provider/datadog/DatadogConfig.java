package dev.sluice.analysis.provider.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.ProviderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code datadog:} block of a metric, with Argo Rollouts' field names: {@code apiVersion} ({@code v1}, the
 * default, or {@code v2}), {@code query} or {@code queries} (name → query, v2 only) with a {@code formula}
 * (v2 only), {@code aggregator} (v2, default {@code last}), {@code interval} (default {@code 5m}) and
 * {@code secretRef.name} (default {@code datadog}).
 *
 * @param queries the queries by name; a single {@code query} is named {@code query}
 */
public record DatadogConfig(String apiVersion, Map<String, String> queries, Optional<String> formula,
        String aggregator, Duration interval, String secretName) {

    static final String DEFAULT_SECRET = "datadog";
    static final Set<String> AGGREGATORS = Set.of("avg", "min", "max", "sum", "last", "percentile", "mean", "l2norm",
            "area");

    public boolean v2() {
        return apiVersion.equals("v2");
    }

    /** Every problem with the block; empty when {@link #from(JsonNode)} may be called. */
    public static List<String> problems(JsonNode node) {
        List<String> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return List.of("the datadog provider needs an object with at least a query");
        }
        String version = text(node, "apiVersion").orElse("v1");
        if (!version.equals("v1") && !version.equals("v2")) {
            problems.add("apiVersion must be v1 or v2, not '" + version + "'");
        }
        boolean hasQuery = node.hasNonNull("query");
        boolean hasQueries = node.hasNonNull("queries");
        if (hasQuery && (!node.get("query").isTextual() || node.get("query").asText().isBlank())) {
            problems.add("query must be a non-empty string");
        }
        if (!hasQuery && !hasQueries) {
            problems.add("set query (or queries with a formula, apiVersion v2)");
        }
        if (hasQuery && hasQueries) {
            problems.add("set either query or queries, not both");
        }
        int queryCount = 0;
        if (hasQueries) {
            JsonNode queries = node.get("queries");
            if (!queries.isObject() || queries.isEmpty()) {
                problems.add("queries must map names to queries, e.g. {a: 'sum:errors{*}', b: 'sum:hits{*}'}");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = queries.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                        problems.add("queries." + e.getKey() + " must be a non-empty string");
                    }
                }
                queryCount = queries.size();
            }
        }
        boolean hasFormula = node.hasNonNull("formula");
        if (hasFormula && (!node.get("formula").isTextual() || node.get("formula").asText().isBlank())) {
            problems.add("formula must be a non-empty string");
        }
        if (version.equals("v1") && (hasQueries || hasFormula)) {
            problems.add("queries and formula need apiVersion v2");
        }
        if (hasFormula && !hasQueries) {
            problems.add("formula needs queries to refer to");
        }
        if (queryCount > 1 && !hasFormula) {
            problems.add("several queries need a formula that combines them (one query without a formula only)");
        }
        Optional<String> aggregator = text(node, "aggregator");
        if (aggregator.isPresent()) {
            if (!AGGREGATORS.contains(aggregator.get())) {
                problems.add("aggregator must be one of " + String.join(", ", AGGREGATORS.stream().sorted().toList())
                        + ", not '" + aggregator.get() + "'");
            }
            if (version.equals("v1")) {
                problems.add("aggregator applies to apiVersion v2 only");
            }
        }
        Optional<String> interval = text(node, "interval");
        if (interval.isPresent() && ProviderValues.positiveDuration(interval.get()).isEmpty()) {
            problems.add("interval must be a duration such as 30s, 5m or 1h, not '" + interval.get() + "'");
        }
        JsonNode secretRef = node.get("secretRef");
        if (secretRef != null && !secretRef.isNull()
                && (!secretRef.isObject() || !secretRef.path("name").isTextual() || secretRef.path("name").asText().isBlank())) {
            problems.add("secretRef must name a Secret: secretRef: {name: my-datadog}");
        }
        return problems;
    }

    /** Reads a block that has no {@link #problems(JsonNode)}. */
    public static DatadogConfig from(JsonNode node) {
        Map<String, String> queries = new LinkedHashMap<>();
        if (node.hasNonNull("query")) {
            queries.put("query", node.get("query").asText().strip());
        } else {
            node.get("queries").fields().forEachRemaining(e -> queries.put(e.getKey(), e.getValue().asText().strip()));
        }
        return new DatadogConfig(text(node, "apiVersion").orElse("v1"), java.util.Collections.unmodifiableMap(queries),
                text(node, "formula").map(String::strip),
                text(node, "aggregator").orElse("last"),
                text(node, "interval").flatMap(ProviderValues::positiveDuration).orElse(Duration.ofMinutes(5)),
                Optional.ofNullable(node.get("secretRef")).map(r -> r.path("name").asText(null))
                        .filter(n -> !n.isBlank()).orElse(DEFAULT_SECRET));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
