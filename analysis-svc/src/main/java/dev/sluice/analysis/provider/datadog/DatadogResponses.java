package dev.sluice.analysis.provider.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Datadog answers → {@link ProviderResult} (PROVIDERS.md A.2). One series (v1) or one row (v2) is a scalar; a
 * {@code by {tag}} query with several is a vector in the server's order, where a series or row without a value is
 * {@code NaN}. Nothing to read is no data.
 */
public final class DatadogResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatadogResponses() {
    }

    /** {@code GET /api/v1/query}: the last non-null point of each series. */
    public static ProviderResult v1(int status, String body) {
        if (status < 200 || status >= 300) {
            return httpFailure(status, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return notJson(body);
        }
        if (root == null || !root.isObject()) {
            return notJson(body);
        }
        if ("error".equals(root.path("status").asText()) || root.hasNonNull("error") && !root.path("error").asText().isBlank()) {
            return new ProviderResult.Failure("Datadog could not run the query: " + root.path("error").asText("(no message)"));
        }
        JsonNode series = root.get("series");
        if (series == null || !series.isArray()) {
            return new ProviderResult.Failure("Datadog's answer has no series list: " + ProviderHttp.excerpt(body));
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode one : series) {
            values.add(lastNonNull(one.path("pointlist")));
        }
        return fromValues(values, "Datadog returned no series for the query",
                "Datadog returned no non-null point for the query");
    }

    /** {@code POST /api/v2/query/scalar}: the first number column, one value per row. */
    public static ProviderResult v2(int status, String body) {
        if (status < 200 || status >= 300) {
            return httpFailure(status, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return notJson(body);
        }
        if (root == null || !root.isObject()) {
            return notJson(body);
        }
        String errors = errors(root);
        if (!errors.isEmpty()) {
            return new ProviderResult.Failure("Datadog could not run the query: " + errors);
        }
        JsonNode columns = root.path("data").path("attributes").path("columns");
        if (!columns.isArray()) {
            return new ProviderResult.Failure("Datadog's answer has no data.attributes.columns: " + ProviderHttp.excerpt(body));
        }
        for (JsonNode column : columns) {
            String type = column.path("type").asText("number");
            if (!type.equals("number")) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode v : column.path("values")) {
                values.add(v.isNumber() ? v.asDouble() : Double.NaN);
            }
            return fromValues(values, "Datadog returned no rows for the query",
                    "Datadog returned null for the query (no data in the window)");
        }
        return new ProviderResult.NoData("Datadog returned no number column for the query");
    }

    private static ProviderResult fromValues(List<Double> values, String empty, String allNull) {
        if (values.isEmpty()) {
            return new ProviderResult.NoData(empty);
        }
        if (values.stream().allMatch(v -> v.isNaN())) {
            return new ProviderResult.NoData(allNull);
        }
        if (values.size() == 1) {
            return new ProviderResult.Value(values.get(0), ProviderValues.number(values.get(0)));
        }
        return new ProviderResult.Value(List.copyOf(values),
                values.stream().map(ProviderValues::number).collect(Collectors.joining(",", "[", "]")));
    }

    private static double lastNonNull(JsonNode pointlist) {
        for (int i = pointlist.size() - 1; i >= 0; i--) {
            JsonNode value = pointlist.get(i).path(1);
            if (value.isNumber()) {
                return value.asDouble();
            }
        }
        return Double.NaN;
    }

    private static ProviderResult httpFailure(int status, String body) {
        String words = errorWords(body);
        if (status == 429) {
            return new ProviderResult.Failure("Datadog rate limit reached (HTTP 429), the query was not run: " + words);
        }
        if (status == 401 || status == 403) {
            return new ProviderResult.Failure("Datadog refused the API or application key (HTTP " + status + "): " + words);
        }
        return new ProviderResult.Failure("Datadog answered HTTP " + status + ": " + words);
    }

    /** {@code {"errors":["…"]}} bodies say it best; anything else is quoted. */
    private static String errorWords(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root != null && root.isObject()) {
                String errors = errors(root);
                if (!errors.isEmpty()) {
                    return errors;
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote it
        }
        return ProviderHttp.excerpt(body);
    }

    private static String errors(JsonNode root) {
        JsonNode errors = root.get("errors");
        if (errors == null || errors.isNull()) {
            return "";
        }
        if (errors.isArray()) {
            List<String> words = new ArrayList<>();
            errors.forEach(e -> words.add(e.isTextual() ? e.asText() : e.toString()));
            return String.join("; ", words);
        }
        return errors.asText("").strip();
    }

    private static ProviderResult notJson(String body) {
        return new ProviderResult.Failure("Datadog answered something that is not a JSON object: " + ProviderHttp.excerpt(body));
    }
}
