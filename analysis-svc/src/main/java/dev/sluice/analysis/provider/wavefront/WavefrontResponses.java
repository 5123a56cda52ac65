package dev.sluice.analysis.provider.wavefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Wavefront chart answers → {@link ProviderResult} (PROVIDERS.md A.4): per series the point nearest to now
 * ({@code data} holds {@code [epoch_seconds, value]} pairs); one series is a scalar, several a vector (as Argo).
 */
public final class WavefrontResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WavefrontResponses() {
    }

    public static ProviderResult parse(int status, String body, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        boolean json = root != null && root.isObject();
        if (status < 200 || status >= 300) {
            String words = json ? message(root) : "";
            return new ProviderResult.Failure("Wavefront answered HTTP " + status
                    + (status == 401 || status == 403 ? " (check the API token)" : "")
                    + (status == 429 ? " (rate limited)" : "") + ": "
                    + (words.isEmpty() ? ProviderHttp.excerpt(body) : words));
        }
        if (!json) {
            return new ProviderResult.Failure("Wavefront answered something that is not a JSON object: "
                    + ProviderHttp.excerpt(body));
        }
        String error = message(root);
        if (root.hasNonNull("errorType") || "ERROR".equals(root.path("status").path("result").asText())) {
            return new ProviderResult.Failure("Wavefront could not run the query: " + error);
        }
        JsonNode series = root.path("timeseries");
        String warnings = root.path("warnings").asText("").strip();
        if (!series.isArray() || series.isEmpty()) {
            return new ProviderResult.NoData("Wavefront returned no series for the query"
                    + (warnings.isEmpty() ? "" : " (warnings: " + warnings + ")"));
        }
        long nowSeconds = now.getEpochSecond();
        List<Double> values = new ArrayList<>();
        for (JsonNode one : series) {
            values.add(nearest(one.path("data"), nowSeconds));
        }
        if (values.stream().allMatch(v -> v.isNaN())) {
            return new ProviderResult.NoData("Wavefront returned series without points for the query"
                    + (warnings.isEmpty() ? "" : " (warnings: " + warnings + ")"));
        }
        if (values.size() == 1) {
            return new ProviderResult.Value(values.get(0), ProviderValues.number(values.get(0)));
        }
        return new ProviderResult.Value(List.copyOf(values),
                values.stream().map(ProviderValues::number).collect(Collectors.joining(",", "[", "]")));
    }

    private static double nearest(JsonNode data, long nowSeconds) {
        double best = Double.NaN;
        long bestDistance = Long.MAX_VALUE;
        for (JsonNode point : data) {
            if (!point.path(0).isNumber() || !point.path(1).isNumber()) {
                continue;
            }
            long distance = Math.abs(point.path(0).asLong() - nowSeconds);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = point.path(1).asDouble();
            }
        }
        return best;
    }

    /** Wavefront's own words: {@code errorMessage}, {@code status.message} or {@code message}. */
    private static String message(JsonNode root) {
        for (JsonNode candidate : List.of(root.path("errorMessage"), root.path("status").path("message"),
                root.path("message"))) {
            if (candidate.isTextual() && !candidate.asText().isBlank()) {
                return candidate.asText().strip();
            }
        }
        return "";
    }
}
