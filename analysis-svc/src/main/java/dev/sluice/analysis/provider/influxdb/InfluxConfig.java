package dev.sluice.analysis.provider.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code influxdb:} block: as in Argo Rollouts {@code query} and {@code profile} (the Secret with
 * {@code address}, {@code authToken}, {@code org}; default {@code influxdb}). Argo speaks only Flux; Sluice adds
 * {@code apiVersion: v1} for InfluxQL on 1.x (or 2.x's compatibility API), with {@code database} and
 * {@code retentionPolicy}. {@code apiVersion} defaults to {@code v2} (Flux), so Argo templates work unchanged.
 */
public record InfluxConfig(String apiVersion, String query, String profile, Optional<String> database,
        Optional<String> retentionPolicy) {
    static final String DEFAULT_PROFILE = "influxdb";

    public boolean flux() {
        return apiVersion.equals("v2");
    }

    public static List<String> problems(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of("the influxdb provider needs an object with a query");
        }
        List<String> problems = new ArrayList<>();
        String version = text(node, "apiVersion").orElse("v2");
        if (!version.equals("v1") && !version.equals("v2")) {
            problems.add("apiVersion must be v2 (Flux) or v1 (InfluxQL), not '" + version + "'");
        }
        JsonNode query = node.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            problems.add("query must be a Flux query (or InfluxQL with apiVersion v1)");
        }
        for (String field : List.of("profile", "database", "retentionPolicy")) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && (!value.isTextual() || value.asText().isBlank())) {
                problems.add(field + " must be a non-empty string");
            }
        }
        if (version.equals("v2") && (node.hasNonNull("database") || node.hasNonNull("retentionPolicy"))) {
            problems.add("database and retentionPolicy apply to apiVersion v1 (InfluxQL) only; Flux names its bucket");
        }
        return problems;
    }

    public static InfluxConfig from(JsonNode node) {
        return new InfluxConfig(text(node, "apiVersion").orElse("v2"), node.get("query").asText().strip(),
                text(node, "profile").orElse(DEFAULT_PROFILE), text(node, "database"), text(node, "retentionPolicy"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText().strip());
    }
}
