package dev.sluice.analysis.provider.newrelic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NerdGraph NRQL answers → {@link ProviderResult} (PROVIDERS.md A.3). As in Argo Rollouts the result is a map
 * for one result row ({@code result.errPct}) and a list of maps for several, e.g. one per {@code FACET}
 * ({@code result[0].errPct}); numbers are doubles. GraphQL {@code errors} win over data even with HTTP 200.
 */
public final class NewRelicResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NewRelicResponses() {
    }

    public static ProviderResult parse(int status, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        boolean json = root != null && root.isObject();
        if (status < 200 || status >= 300) {
            String words = json && !errors(root).isEmpty() ? errors(root) : ProviderHttp.excerpt(body);
            return new ProviderResult.Failure("New Relic answered HTTP " + status
                    + (status == 401 || status == 403 ? " (check personal-api-key)" : "")
                    + (status == 429 ? " (rate limited)" : "") + ": " + words);
        }
        if (!json) {
            return new ProviderResult.Failure("New Relic answered something that is not a JSON object: "
                    + ProviderHttp.excerpt(body));
        }
        String errors = errors(root);
        if (!errors.isEmpty()) {
            return new ProviderResult.Failure("New Relic could not run the query: " + errors);
        }
        JsonNode results = root.path("data").path("actor").path("account").path("nrql").path("results");
        if (!results.isArray()) {
            return new ProviderResult.Failure("New Relic's answer has no data.actor.account.nrql.results: "
                    + ProviderHttp.excerpt(body));
        }
        if (results.isEmpty()) {
            return new ProviderResult.NoData("New Relic returned no results for the query");
        }
        if (results.size() == 1) {
            JsonNode row = results.get(0);
            boolean allNull = true;
            for (JsonNode value : row) {
                allNull &= value.isNull();
            }
            if (allNull) {
                return new ProviderResult.NoData("New Relic returned only nulls for the query (no data in the window)");
            }
            return new ProviderResult.Value(plain(row), row.toString());
        }
        List<Object> rows = new ArrayList<>();
        results.forEach(row -> rows.add(plain(row)));
        return new ProviderResult.Value(rows, results.toString());
    }

    private static String errors(JsonNode root) {
        JsonNode errors = root.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return "";
        }
        List<String> messages = new ArrayList<>();
        errors.forEach(e -> messages.add(e.path("message").isTextual() ? e.path("message").asText() : e.toString()));
        return String.join("; ", messages);
    }

    /** JSON → plain Java values the conditions understand: Map, List, String, Boolean, Double, null. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
        return map;
    }
}
