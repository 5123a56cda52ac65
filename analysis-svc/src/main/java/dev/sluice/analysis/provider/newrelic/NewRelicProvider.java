package dev.sluice.analysis.provider.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * New Relic NRQL through NerdGraph ({@code POST /graphql}, header {@code API-Key}; PROVIDERS.md A.3). The Secret
 * named by {@code profile} (default {@code newrelic}) holds {@code personal-api-key}, {@code account-id}, and
 * optionally {@code region} ({@code us} or {@code eu}) and {@code base-url-nerdgraph} (a proxy's full URL).
 */
@ApplicationScoped
public class NewRelicProvider implements MetricProvider {
    static final String GRAPHQL = "query($id: Int!, $q: Nrql!, $t: Seconds!)"
            + "{actor{account(id:$id){nrql(query:$q, timeout:$t){results}}}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "newRelic";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return NewRelicConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = NewRelicConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid newRelic provider: " + String.join("; ", problems));
        }
        NewRelicConfig config = NewRelicConfig.from(request.config());
        String secretPath = request.namespace() + "/" + config.profile();
        Optional<String> apiKey;
        Optional<String> accountId;
        NewRelicConfig.Endpoint endpoint;
        try {
            apiKey = read(request, config.profile(), "personal-api-key");
            accountId = read(request, config.profile(), "account-id");
            endpoint = NewRelicConfig.endpoint(read(request, config.profile(), "region"),
                    read(request, config.profile(), "base-url-nerdgraph"));
        } catch (RuntimeException e) {
            return new ProviderResult.Failure("cannot read Secret " + secretPath + ": " + e.getMessage());
        }
        if (apiKey.isEmpty() || accountId.isEmpty()) {
            return new ProviderResult.Failure("Secret " + secretPath + " needs the keys personal-api-key and account-id");
        }
        long account;
        try {
            account = Long.parseLong(accountId.get());
        } catch (NumberFormatException e) {
            return new ProviderResult.Failure("Secret " + secretPath + " key account-id must be a number");
        }
        if (endpoint instanceof NewRelicConfig.Endpoint.Invalid invalid) {
            return new ProviderResult.Failure("Secret " + secretPath + " " + invalid.problem());
        }
        URI uri = ((NewRelicConfig.Endpoint.Found) endpoint).uri();
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .header("API-Key", apiKey.get())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(account, config.query(), request).toString()));
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, request.timeout());
        if (outcome instanceof ProviderHttp.Outcome.Answered answer) {
            return NewRelicResponses.parse(answer.status(), answer.body());
        }
        return new ProviderResult.Failure("New Relic: " + ((ProviderHttp.Outcome.NoAnswer) outcome).reason());
    }

    static ObjectNode body(long account, String nrql, MeasurementRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", GRAPHQL);
        ObjectNode variables = body.putObject("variables");
        variables.put("id", account);
        variables.put("q", nrql);
        // NerdGraph's own NRQL timeout (seconds, at most 120), so the server gives up no later than we do
        variables.put("t", Math.max(1, Math.min(120, request.timeout().toSeconds())));
        return body;
    }

    private static Optional<String> read(MeasurementRequest request, String secret, String key) {
        return request.secrets().read(request.namespace(), secret, key).map(String::strip).filter(v -> !v.isEmpty());
    }
}
