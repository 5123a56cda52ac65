package dev.sluice.analysis.provider.influxdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * InfluxDB answers → {@link ProviderResult} (PROVIDERS.md A.5). As in Argo Rollouts the result is always a list
 * (so {@code result[0]} works whatever the shape): every {@code _value} of every Flux table, or every value of
 * every InfluxQL series, in the server's order. A missing value is {@code NaN}; nothing at all is no data.
 */
public final class InfluxResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NUMERIC = Set.of("double", "long", "unsignedLong");

    private InfluxResponses() {
    }

    /** InfluxDB 2.x {@code POST /api/v2/query}: annotated CSV. */
    public static ProviderResult flux(int status, String body) {
        if (status < 200 || status >= 300) {
            return httpFailure(status, body);
        }
        List<Double> values = new ArrayList<>();
        List<String> datatypes = List.of();
        List<String> header = null;
        int line = 0;
        for (String raw : (body == null ? "" : body).split("\r?\n", -1)) {
            line++;
            if (raw.isBlank()) {
                datatypes = List.of();
                header = null;
                continue;
            }
            List<String> cells = cells(raw);
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.get(0).startsWith("#")) {
                header = null; // annotations start a new table, even without a blank line before them
                if (cells.get(0).equals("#datatype")) {
                    datatypes = cells;
                }
                continue;
            }
            if (header == null) {
                header = cells;
                continue;
            }
            if (header.contains("error") && !header.contains("_value")) {
                String error = cells.get(Math.min(header.indexOf("error"), cells.size() - 1));
                int ref = header.indexOf("reference");
                String reference = ref >= 0 && ref < cells.size() && !cells.get(ref).isBlank() ? " (reference " + cells.get(ref) + ")" : "";
                return new ProviderResult.Failure("InfluxDB failed while streaming the result: " + error + reference);
            }
            int column = header.indexOf("_value");
            if (column < 0) {
                return new ProviderResult.Failure("InfluxDB's result has no _value column (columns: "
                        + header.stream().filter(c -> !c.isEmpty()).collect(Collectors.joining(", ")) + ")");
            }
            if (column >= cells.size()) {
                return new ProviderResult.Failure("InfluxDB answered a malformed CSV row at line " + line + ": "
                        + ProviderHttp.excerpt(raw));
            }
            String type = column < datatypes.size() ? datatypes.get(column) : "";
            if (!type.isEmpty() && !NUMERIC.contains(type)) {
                return new ProviderResult.Failure("InfluxDB's _value is " + type + ", not a number");
            }
            String cell = cells.get(column);
            if (cell.isEmpty()) {
                values.add(Double.NaN);
                continue;
            }
            try {
                values.add(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                return new ProviderResult.Failure("InfluxDB answered a _value that is not a number at line " + line
                        + ": " + ProviderHttp.excerpt(cell));
            }
        }
        return fromValues(values);
    }

    /** InfluxDB 1.x (or the 2.x compatibility API) {@code /query}: JSON with results, series and values. */
    public static ProviderResult influxql(int status, String body) {
        if (status < 200 || status >= 300) {
            return httpFailure(status, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new ProviderResult.Failure("InfluxDB answered something that is not a JSON object: "
                    + ProviderHttp.excerpt(body));
        }
        if (root.hasNonNull("error")) {
            return new ProviderResult.Failure("InfluxDB could not run the query: " + root.get("error").asText());
        }
        if (!root.path("results").isArray()) {
            return new ProviderResult.Failure("InfluxDB's answer has no results list: " + ProviderHttp.excerpt(body));
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode statement : root.path("results")) {
            if (statement.hasNonNull("error")) {
                return new ProviderResult.Failure("InfluxDB could not run statement "
                        + statement.path("statement_id").asInt() + ": " + statement.get("error").asText());
            }
            for (JsonNode series : statement.path("series")) {
                int column = valueColumn(series.path("columns"));
                for (JsonNode row : series.path("values")) {
                    JsonNode cell = row.path(column);
                    if (cell.isNull() || cell.isMissingNode()) {
                        values.add(Double.NaN);
                    } else if (cell.isNumber()) {
                        values.add(cell.asDouble());
                    } else {
                        return new ProviderResult.Failure("InfluxDB answered a value that is not a number in column "
                                + series.path("columns").path(column).asText("?") + ": " + ProviderHttp.excerpt(cell.toString()));
                    }
                }
            }
        }
        return fromValues(values);
    }

    /** The first column that is not {@code time}: {@code mean} in {@code SELECT mean(x)}. */
    private static int valueColumn(JsonNode columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).asText().equals("time")) {
                return i;
            }
        }
        return columns.size();
    }

    private static ProviderResult fromValues(List<Double> values) {
        if (values.isEmpty()) {
            return new ProviderResult.NoData("InfluxDB returned no rows for the query");
        }
        if (values.stream().allMatch(v -> v.isNaN())) {
            return new ProviderResult.NoData("InfluxDB returned only empty values for the query");
        }
        return new ProviderResult.Value(List.copyOf(values),
                values.stream().map(ProviderValues::number).collect(Collectors.joining(",", "[", "]")));
    }

    private static ProviderResult httpFailure(int status, String body) {
        String words = "";
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root != null && root.isObject()) {
                words = root.path("message").asText(root.path("error").asText(""));
            }
        } catch (JsonProcessingException e) {
            // quoted below
        }
        return new ProviderResult.Failure("InfluxDB answered HTTP " + status
                + (status == 401 || status == 403 ? " (check the token or credentials)" : "")
                + (status == 429 ? " (rate limited)" : "") + ": "
                + (words.isBlank() ? ProviderHttp.excerpt(body) : words));
    }

    /** One CSV line (RFC 4180 quoting: {@code "a,b"}, {@code ""} for a quote). */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
