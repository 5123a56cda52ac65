package dev.sluice.analysis.provider.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import dev.sluice.analysis.core.GoDuration;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus (and Thanos, Mimir, VictoriaMetrics): {@code POST /api/v1/query} or {@code /api/v1/query_range}
 * (form-encoded, so long queries fit). The block, as in Argo plus auth:
 * <pre>
 * prometheus:
 *   address: http://prometheus.monitoring:9090   # a path prefix such as /prometheus is kept
 *   query: sum(rate(...{service="{{args.service}}"}[5m]))
 *   timeout: 30                                  # seconds, or a duration such as 30s
 *   headers: [{key: X-Scope-OrgID, value: team-a}]
 *   authentication:
 *     basic: {username: u, password: "{{args.password}}"}
 *     bearer: {token: "{{args.token}}"}
 *     sigv4: {region: us-west-2}                 # Amazon Managed Prometheus ({@link PrometheusAuth})
 *     oauth2: {tokenUrl: ..., clientId: ..., clientSecret: ..., scopes: [...]}
 *   rangeQuery: {start: "now() - 10m", end: "now()", step: 1m}
 * </pre>
 * Results: a scalar is a number, a vector a list of numbers (one per series, {@code result[0]}), a matrix a
 * list of lists; {@code NaN} and {@code ±Inf} are read as such; an empty vector is no data. A non-2xx
 * answer or {@code status: error} is a failure carrying the server's {@code errorType} and {@code error}.
 * Args substituted into {@code query} are escaped as PromQL string content.
 */
@ApplicationScoped
public class PrometheusProvider implements MetricProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RELATIVE = Pattern.compile("^now\\(\\)\\s*(?:-\\s*(\\S+))?$");

    private final PrometheusAuth auth;

    public PrometheusProvider() {
        this(PrometheusAuth.standard());
    }

    PrometheusProvider(PrometheusAuth auth) {
        this.auth = auth;
    }

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public String escapeArg(String path, String value) {
        return path.equals("query") ? PromQl.escapeString(value) : value;
    }

    @Override
    public List<String> validate(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            return List.of("the block must be an object with address and query");
        }
        String address = ProviderValues.text(config, "address");
        if (address == null || address.isBlank()) {
            problems.add("address is required");
        } else {
            try {
                URI uri = URI.create(address);
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                    problems.add("address '" + address + "' is not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add("address '" + address + "' is not a URL: " + e.getMessage());
            }
        }
        String query = ProviderValues.text(config, "query");
        if (query == null || query.isBlank()) {
            problems.add("query is required");
        }
        if (config.has("timeout") && timeout(config.get("timeout")) == null) {
            problems.add("timeout '" + config.get("timeout").asText() + "' is not seconds or a duration");
        }
        JsonNode range = config.get("rangeQuery");
        if (range != null && !range.isNull()) {
            for (String field : List.of("start", "end")) {
                if (relative(ProviderValues.text(range, field), Instant.EPOCH) == null) {
                    problems.add("rangeQuery." + field + " must be now() or now() - <duration>, got '"
                            + ProviderValues.text(range, field) + "'");
                }
            }
            if (GoDuration.parse(ProviderValues.text(range, "step")) == null) {
                problems.add("rangeQuery.step must be a duration such as 1m, got '" + ProviderValues.text(range, "step") + "'");
            }
        }
        problems.addAll(PrometheusAuth.validate(config.get("authentication")));
        JsonNode headers = config.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isArray()) {
                problems.add("headers must be a list of {key, value}");
            } else {
                for (JsonNode h : headers) {
                    if (ProviderValues.text(h, "key") == null) {
                        problems.add("every header needs a key");
                    }
                }
            }
        }
        return problems;
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        JsonNode config = request.config();
        Duration timeout = config.has("timeout") && timeout(config.get("timeout")) != null ? timeout(config.get("timeout"))
                : request.timeout();
        String base = ProviderValues.text(config, "address").replaceAll("/+$", "");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", ProviderValues.text(config, "query"));
        String path;
        JsonNode range = config.get("rangeQuery");
        if (range != null && !range.isNull()) {
            path = "/api/v1/query_range";
            form.put("start", seconds(relative(ProviderValues.text(range, "start"), request.now())));
            form.put("end", seconds(relative(ProviderValues.text(range, "end"), request.now())));
            form.put("step", java.math.BigDecimal.valueOf(GoDuration.parse(ProviderValues.text(range, "step")).toMillis(), 3)
                    .stripTrailingZeros().toPlainString());
        } else {
            path = "/api/v1/query";
            form.put("time", seconds(request.now()));
        }
        form.put("timeout", Math.max(1, timeout.toSeconds()) + "s");
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Content-Type", "application/x-www-form-urlencoded");
        sent.put("Accept", "application/json");
        JsonNode headers = config.get("headers");
        if (headers != null && headers.isArray()) {
            for (JsonNode h : headers) {
                sent.put(ProviderValues.text(h, "key"), String.valueOf(ProviderValues.text(h, "value")));
            }
        }
        byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base + path);
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sent.forEach(http::header);
        JsonNode auth = config.path("authentication");
        PrometheusAuth.Result signed = this.auth.headers(auth, "POST", uri, sent, body, request.now(), timeout);
        if (signed.error() != null) {
            return new ProviderResult.Failure("prometheus: " + signed.error());
        }
        signed.headers().forEach(http::header);
        if (auth.has("basic")) {
            String credentials = ProviderValues.text(auth.get("basic"), "username") + ":"
                    + ProviderValues.text(auth.get("basic"), "password");
            http.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else if (auth.has("bearer")) {
            http.header("Authorization", "Bearer " + ProviderValues.text(auth.get("bearer"), "token"));
        }
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, timeout);
        if (outcome instanceof ProviderHttp.Outcome.NoAnswer none) {
            return new ProviderResult.Failure("prometheus: " + none.reason());
        }
        return read((ProviderHttp.Outcome.Answered) outcome, base + path);
    }

    /** Reads a Prometheus answer: the envelope, then the result by {@code resultType}. */
    static ProviderResult read(ProviderHttp.Outcome.Answered answer, String where) {
        JsonNode body;
        try {
            body = JSON.readTree(answer.body() == null ? "" : answer.body());
        } catch (Exception e) {
            body = null;
        }
        if (body != null && "error".equals(ProviderValues.text(body, "status"))) {
            return new ProviderResult.Failure("prometheus " + ProviderHttp.hostOf(URI.create(where)) + " answered "
                    + answer.status() + " " + ProviderValues.text(body, "errorType") + ": " + ProviderValues.text(body, "error"));
        }
        if (!answer.ok()) {
            return new ProviderResult.Failure("prometheus " + ProviderHttp.hostOf(URI.create(where)) + " answered HTTP "
                    + answer.status() + ": " + ProviderHttp.excerpt(answer.body()));
        }
        if (body == null || !body.isObject() || !"success".equals(ProviderValues.text(body, "status"))) {
            return new ProviderResult.Failure("prometheus answered something that is not a query response: "
                    + ProviderHttp.excerpt(answer.body()));
        }
        JsonNode data = body.path("data");
        String type = ProviderValues.text(data, "resultType");
        JsonNode result = data.path("result");
        try {
            switch (type == null ? "" : type) {
                case "scalar" -> {
                    double v = sample(result);
                    return new ProviderResult.Value(v, ProviderValues.number(v));
                }
                case "vector" -> {
                    if (!result.isArray() || result.isEmpty()) {
                        return new ProviderResult.NoData("the query returned an empty vector" + warnings(body));
                    }
                    List<Double> values = new ArrayList<>();
                    for (JsonNode series : result) {
                        if (!series.has("value")) {
                            return new ProviderResult.Failure("prometheus returned a series without a value "
                                    + "(native histograms are not supported): " + ProviderHttp.excerpt(series.toString()));
                        }
                        values.add(sample(series.get("value")));
                    }
                    return new ProviderResult.Value(values, ProviderValues.display(values));
                }
                case "matrix" -> {
                    if (!result.isArray() || result.isEmpty()) {
                        return new ProviderResult.NoData("the query returned an empty matrix" + warnings(body));
                    }
                    List<List<Double>> matrix = new ArrayList<>();
                    for (JsonNode series : result) {
                        List<Double> values = new ArrayList<>();
                        for (JsonNode point : series.path("values")) {
                            values.add(sample(point));
                        }
                        matrix.add(values);
                    }
                    return new ProviderResult.Value(matrix, ProviderValues.display(matrix));
                }
                default -> {
                    return new ProviderResult.Failure("prometheus returned a " + (type == null ? "missing" : type)
                            + " result type; a condition needs a scalar, vector or matrix");
                }
            }
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Failure("prometheus returned an unreadable sample: " + e.getMessage());
        }
    }

    /** A {@code [ts, "value"]} pair's value; Prometheus sends values as strings so that NaN and ±Inf fit. */
    private static double sample(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalArgumentException("expected [timestamp, \"value\"], got " + pair);
        }
        try {
            return ConditionCompiler.parseFloat(pair.get(1).asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + pair.get(1).asText() + "' is not a number");
        }
    }

    private static String warnings(JsonNode body) {
        JsonNode w = body.get("warnings");
        return w == null || w.isEmpty() ? "" : " (warnings: " + w + ")";
    }

    static Duration timeout(JsonNode node) {
        return ProviderValues.seconds(node);
    }

    static Instant relative(String text, Instant now) {
        if (text == null) {
            return null;
        }
        Matcher m = RELATIVE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        if (m.group(1) == null) {
            return now;
        }
        Duration d = GoDuration.parse(m.group(1));
        return d == null ? null : now.minus(d);
    }

    private static String seconds(Instant t) {
        return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
    }

    private static String encode(Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
