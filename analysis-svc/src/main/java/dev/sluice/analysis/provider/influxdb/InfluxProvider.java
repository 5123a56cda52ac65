package dev.sluice.analysis.provider.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * InfluxDB (PROVIDERS.md A.5): 2.x Flux {@code POST /api/v2/query?org=} with {@code Authorization: Token}, or
 * 1.x InfluxQL {@code GET /query?db=&rp=&q=&epoch=s} with a token or Basic credentials (never {@code u}/{@code p}
 * in the URL). The Secret named by {@code profile} (default {@code influxdb}) holds {@code address},
 * {@code authToken}, {@code org} (Flux), or {@code username}/{@code password} (InfluxQL).
 */
@ApplicationScoped
public class InfluxProvider implements MetricProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "influxdb";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return InfluxConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = InfluxConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid influxdb provider: " + String.join("; ", problems));
        }
        InfluxConfig config = InfluxConfig.from(request.config());
        String secretPath = request.namespace() + "/" + config.profile();
        Optional<String> address;
        Optional<String> token;
        Optional<String> org;
        Optional<String> username;
        Optional<String> password;
        try {
            address = read(request, config.profile(), "address");
            token = read(request, config.profile(), "authToken");
            org = read(request, config.profile(), "org");
            username = read(request, config.profile(), "username");
            password = read(request, config.profile(), "password");
        } catch (RuntimeException e) {
            return new ProviderResult.Failure("cannot read Secret " + secretPath + ": " + e.getMessage());
        }
        if (address.isEmpty()) {
            return new ProviderResult.Failure("Secret " + secretPath + " needs the key address, e.g. http://influxdb:8086");
        }
        URI base;
        try {
            base = URI.create(address.get().replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Failure("Secret " + secretPath + " key address is not a URL such as http://influxdb:8086");
        }
        HttpRequest.Builder http;
        if (config.flux()) {
            if (token.isEmpty() || org.isEmpty()) {
                return new ProviderResult.Failure("Secret " + secretPath + " needs the keys authToken and org for Flux");
            }
            http = fluxRequest(base, org.get(), config.query()).header("Authorization", "Token " + token.get());
        } else {
            http = influxqlRequest(base, config);
            if (token.isPresent()) {
                http.header("Authorization", "Token " + token.get());
            } else if (username.isPresent()) {
                String credentials = username.get() + ":" + password.orElse("");
                http.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
        }
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, request.timeout());
        if (outcome instanceof ProviderHttp.Outcome.Answered answer) {
            return config.flux()
                    ? InfluxResponses.flux(answer.status(), answer.body())
                    : InfluxResponses.influxql(answer.status(), answer.body());
        }
        return new ProviderResult.Failure("InfluxDB: " + ((ProviderHttp.Outcome.NoAnswer) outcome).reason());
    }

    static HttpRequest.Builder fluxRequest(URI base, String org, String flux) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", flux);
        body.put("type", "flux");
        ObjectNode dialect = body.putObject("dialect");
        dialect.put("header", true);
        dialect.putArray("annotations").add("datatype").add("group").add("default");
        dialect.put("delimiter", ",");
        return HttpRequest.newBuilder(URI.create(base + "/api/v2/query?org=" + URLEncoder.encode(org, StandardCharsets.UTF_8)))
                .header("Accept", "application/csv")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    static HttpRequest.Builder influxqlRequest(URI base, InfluxConfig config) {
        StringBuilder params = new StringBuilder();
        config.database().ifPresent(db -> params.append("db=").append(URLEncoder.encode(db, StandardCharsets.UTF_8)).append('&'));
        config.retentionPolicy().ifPresent(rp -> params.append("rp=").append(URLEncoder.encode(rp, StandardCharsets.UTF_8)).append('&'));
        params.append("q=").append(URLEncoder.encode(config.query(), StandardCharsets.UTF_8)).append("&epoch=s");
        return HttpRequest.newBuilder(URI.create(base + "/query?" + params)).header("Accept", "application/json").GET();
    }

    private static Optional<String> read(MeasurementRequest request, String secret, String key) {
        return request.secrets().read(request.namespace(), secret, key).map(String::strip).filter(v -> !v.isEmpty());
    }
}
