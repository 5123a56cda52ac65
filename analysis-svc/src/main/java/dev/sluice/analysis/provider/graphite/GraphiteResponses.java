package dev.sluice.analysis.provider.graphite;

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
 * Graphite render answers → {@link ProviderResult} (PROVIDERS.md A.6): per target the last non-null value (each
 * datapoint is {@code [value, epoch_s]}, value first; values may be strings). Always a list, one element per
 * target, as Argo hands Graphite results to conditions as an array ({@code result[0]}).
 */
public final class GraphiteResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphiteResponses() {
    }

    public static ProviderResult parse(int status, String body) {
        if (status < 200 || status >= 300) {
            return new ProviderResult.Failure("Graphite answered HTTP " + status
                    + (status == 401 || status == 403 ? " (the proxy in front of Graphite refused the request)" : "")
                    + ": " + ProviderHttp.excerpt(body));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isArray()) {
            return new ProviderResult.Failure("Graphite answered something that is not a JSON list of series: "
                    + ProviderHttp.excerpt(body));
        }
        if (root.isEmpty()) {
            return new ProviderResult.NoData("Graphite returned no series for the target");
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode target : root) {
            JsonNode datapoints = target.get("datapoints");
            if (datapoints == null || !datapoints.isArray()) {
                return new ProviderResult.Failure("Graphite series " + target.path("target").asText("?")
                        + " has no datapoints list");
            }
            values.add(lastNonNull(datapoints));
        }
        if (values.stream().allMatch(v -> v.isNaN())) {
            return new ProviderResult.NoData("Graphite returned only null datapoints in the window");
        }
        return new ProviderResult.Value(List.copyOf(values),
                values.stream().map(ProviderValues::number).collect(Collectors.joining(",", "[", "]")));
    }

    private static double lastNonNull(JsonNode datapoints) {
        for (int i = datapoints.size() - 1; i >= 0; i--) {
            JsonNode value = datapoints.get(i).path(0);
            if (value.isNumber()) {
                return value.asDouble();
            }
            if (value.isTextual()) {
                try {
                    return Double.parseDouble(value.asText());
                } catch (NumberFormatException e) {
                    // not a number: keep looking back
                }
            }
        }
        return Double.NaN;
    }
}
