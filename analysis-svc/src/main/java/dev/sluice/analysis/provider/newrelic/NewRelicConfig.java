package dev.sluice.analysis.provider.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code newRelic:} block, as in Argo Rollouts: {@code query} (NRQL, with its own {@code SINCE}) and
 * {@code profile}, the Secret holding the account (default {@code newrelic}).
 */
public record NewRelicConfig(String query, String profile) {
    static final String DEFAULT_PROFILE = "newrelic";
    static final URI US = URI.create("https://api.newrelic.com/graphql");
    static final URI EU = URI.create("https://api.eu.newrelic.com/graphql");

    public static List<String> problems(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of("the newRelic provider needs an object with a query");
        }
        List<String> problems = new ArrayList<>();
        JsonNode query = node.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            problems.add("query must be an NRQL query, e.g. SELECT percentage(count(*), WHERE error) AS errPct "
                    + "FROM Transaction SINCE 5 minutes ago");
        }
        JsonNode profile = node.get("profile");
        if (profile != null && !profile.isNull() && (!profile.isTextual() || profile.asText().isBlank())) {
            problems.add("profile must name a Secret");
        }
        return problems;
    }

    public static NewRelicConfig from(JsonNode node) {
        return new NewRelicConfig(node.get("query").asText().strip(),
                Optional.ofNullable(node.get("profile")).filter(JsonNode::isTextual).map(JsonNode::asText)
                        .orElse(DEFAULT_PROFILE));
    }

    /** Where NerdGraph is: {@code base-url-nerdgraph} (a proxy) wins, else the region's endpoint. */
    sealed interface Endpoint {
        record Found(URI uri) implements Endpoint {
        }

        record Invalid(String problem) implements Endpoint {
        }
    }

    static Endpoint endpoint(Optional<String> region, Optional<String> baseUrl) {
        if (baseUrl.isPresent()) {
            try {
                URI uri = URI.create(baseUrl.get().strip());
                if (uri.getScheme() != null && uri.getHost() != null) {
                    return new Endpoint.Found(uri);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            return new Endpoint.Invalid("key base-url-nerdgraph is not a URL such as " + US);
        }
        String r = region.map(String::strip).map(String::toLowerCase).orElse("us");
        return switch (r) {
            case "us", "" -> new Endpoint.Found(US);
            case "eu" -> new Endpoint.Found(EU);
            default -> new Endpoint.Invalid("key region must be us or eu, not '" + r + "'");
        };
    }
}
