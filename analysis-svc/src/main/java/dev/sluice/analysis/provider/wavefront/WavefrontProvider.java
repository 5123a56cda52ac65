package dev.sluice.analysis.provider.wavefront;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;

/**
 * Wavefront (VMware Aria Operations for Applications): {@code GET /api/v2/chart/api} with a bearer token
 * (PROVIDERS.md A.4). As in Argo Rollouts the token is in the Secret {@code wavefront-api-tokens} under the
 * address's host name, and the query is evaluated at now ({@code s=now}, one point per series, second
 * granularity); the point nearest to now is the value.
 */
@ApplicationScoped
public class WavefrontProvider implements MetricProvider {

    @Override
    public String type() {
        return "wavefront";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return WavefrontConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = WavefrontConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid wavefront provider: " + String.join("; ", problems));
        }
        WavefrontConfig config = WavefrontConfig.from(request.config());
        String secretPath = request.namespace() + "/" + WavefrontConfig.TOKENS_SECRET;
        Optional<String> token;
        try {
            token = request.secrets().read(request.namespace(), WavefrontConfig.TOKENS_SECRET, config.host())
                    .map(String::strip).filter(t -> !t.isEmpty());
        } catch (RuntimeException e) {
            return new ProviderResult.Failure("cannot read Secret " + secretPath + ": " + e.getMessage());
        }
        if (token.isEmpty()) {
            return new ProviderResult.Failure("Secret " + secretPath + " has no token under the key " + config.host());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(chartUri(config, request.now().toEpochMilli()))
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", "application/json")
                .GET();
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, request.timeout());
        if (outcome instanceof ProviderHttp.Outcome.Answered answer) {
            return WavefrontResponses.parse(answer.status(), answer.body(), request.now());
        }
        return new ProviderResult.Failure("Wavefront: " + ((ProviderHttp.Outcome.NoAnswer) outcome).reason());
    }

    static URI chartUri(WavefrontConfig config, long nowMillis) {
        return URI.create(config.base() + "/api/v2/chart/api?q=" + URLEncoder.encode(config.query(), StandardCharsets.UTF_8)
                + "&s=" + nowMillis + "&g=s&p=1");
    }
}
