package dev.sluice.analysis.provider.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datadog metrics: API v1 {@code GET /api/v1/query} or v2 {@code POST /api/v2/query/scalar} (PROVIDERS.md A.2),
 * keys from the Secret {@code datadog} (or {@code secretRef.name}) in the run's namespace: {@code api-key},
 * {@code app-key}, and optionally {@code address} (e.g. {@code https://api.datadoghq.eu}) or {@code site}
 * (e.g. {@code datadoghq.eu}).
 */
@ApplicationScoped
public class DatadogProvider implements MetricProvider {
    static final String DEFAULT_ADDRESS = "https://api.datadoghq.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "datadog";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return DatadogConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = DatadogConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid datadog provider: " + String.join("; ", problems));
        }
        DatadogConfig config = DatadogConfig.from(request.config());
        String secretPath = request.namespace() + "/" + config.secretName();
        Optional<String> apiKey;
        Optional<String> appKey;
        String address;
        try {
            apiKey = read(request, config.secretName(), "api-key");
            appKey = read(request, config.secretName(), "app-key");
            address = address(read(request, config.secretName(), "address"), read(request, config.secretName(), "site"));
        } catch (RuntimeException e) {
            return new ProviderResult.Failure("cannot read Secret " + secretPath + ": " + e.getMessage());
        }
        if (apiKey.isEmpty() || appKey.isEmpty()) {
            return new ProviderResult.Failure("Secret " + secretPath + " needs the keys api-key and app-key");
        }
        URI base;
        try {
            base = URI.create(address.strip().replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Failure("Secret " + secretPath + " key address is not a URL such as "
                    + DEFAULT_ADDRESS);
        }
        long to = request.now().getEpochSecond();
        long from = to - config.interval().toSeconds();
        HttpRequest.Builder http = config.v2()
                ? v2Request(base, config, from * 1000, to * 1000)
                : v1Request(base, config.queries().get("query"), from, to);
        http.header("DD-API-KEY", apiKey.get()).header("DD-APPLICATION-KEY", appKey.get())
                .header("Accept", "application/json");
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, request.timeout());
        if (outcome instanceof ProviderHttp.Outcome.Answered answer) {
            return config.v2()
                    ? DatadogResponses.v2(answer.status(), answer.body())
                    : DatadogResponses.v1(answer.status(), answer.body());
        }
        return new ProviderResult.Failure("Datadog: " + ((ProviderHttp.Outcome.NoAnswer) outcome).reason());
    }

    /** The Secret's {@code address} wins; a {@code site} such as {@code datadoghq.eu} means {@code https://api.<site>}. */
    static String address(Optional<String> address, Optional<String> site) {
        return address.or(() -> site.map(s -> "https://api." + s.replaceFirst("^https?://", "").replaceFirst("^api\\.", "")))
                .orElse(DEFAULT_ADDRESS);
    }

    static HttpRequest.Builder v1Request(URI base, String query, long fromSeconds, long toSeconds) {
        String params = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&from=" + fromSeconds + "&to=" + toSeconds;
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/query?" + params)).GET();
    }

    static HttpRequest.Builder v2Request(URI base, DatadogConfig config, long fromMillis, long toMillis) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode data = body.putObject("data");
        data.put("type", "scalar_request");
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("from", fromMillis);
        attributes.put("to", toMillis);
        ArrayNode queries = attributes.putArray("queries");
        for (Map.Entry<String, String> q : config.queries().entrySet()) {
            queries.addObject().put("data_source", "metrics").put("name", q.getKey())
                    .put("query", q.getValue()).put("aggregator", config.aggregator());
        }
        config.formula().ifPresent(f -> attributes.putArray("formulas").addObject().put("formula", f));
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/query/scalar"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static Optional<String> read(MeasurementRequest request, String secret, String key) {
        return request.secrets().read(request.namespace(), secret, key).map(String::strip).filter(v -> !v.isEmpty());
    }
}
