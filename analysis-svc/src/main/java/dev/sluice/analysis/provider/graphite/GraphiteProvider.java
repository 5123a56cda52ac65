package dev.sluice.analysis.provider.graphite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/** Graphite: {@code GET /render?target=…&from=…&until=now&format=json} (PROVIDERS.md A.6); no authentication. */
@ApplicationScoped
public class GraphiteProvider implements MetricProvider {

    @Override
    public String type() {
        return "graphite";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return GraphiteConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = GraphiteConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid graphite provider: " + String.join("; ", problems));
        }
        GraphiteConfig config = GraphiteConfig.from(request.config());
        HttpRequest.Builder http;
        try {
            http = HttpRequest.newBuilder(URI.create(config.address() + "/render?" + config.renderParameters()))
                    .header("Accept", "application/json").GET();
        } catch (IllegalArgumentException e) {
            return new ProviderResult.Failure("invalid graphite provider: the render URL cannot be built: " + e.getMessage());
        }
        ProviderHttp.Outcome outcome = ProviderHttp.send(http, request.timeout());
        if (outcome instanceof ProviderHttp.Outcome.Answered answer) {
            return GraphiteResponses.parse(answer.status(), answer.body());
        }
        return new ProviderResult.Failure("Graphite: " + ((ProviderHttp.Outcome.NoAnswer) outcome).reason());
    }
}
