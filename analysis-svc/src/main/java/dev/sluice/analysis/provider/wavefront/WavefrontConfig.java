package dev.sluice.analysis.provider.wavefront;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code wavefront:} block, as in Argo Rollouts: {@code address} (a host such as
 * {@code example.wavefront.com}, HTTPS assumed, or a full URL) and {@code query} (a ts() expression).
 *
 * @param base the address as a URL without a trailing slash
 * @param host the address's host name: the key of the token in the Secret {@code wavefront-api-tokens}
 */
public record WavefrontConfig(URI base, String host, String query) {
    static final String TOKENS_SECRET = "wavefront-api-tokens";

    public static List<String> problems(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of("the wavefront provider needs an object with address and query");
        }
        List<String> problems = new ArrayList<>();
        JsonNode address = node.get("address");
        if (address == null || !address.isTextual() || address.asText().isBlank()) {
            problems.add("address must name the Wavefront cluster, e.g. example.wavefront.com");
        } else if (base(address.asText()) == null) {
            problems.add("address '" + address.asText() + "' is neither a host name nor a URL");
        }
        JsonNode query = node.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            problems.add("query must be a Wavefront ts() expression");
        }
        return problems;
    }

    public static WavefrontConfig from(JsonNode node) {
        URI base = base(node.get("address").asText());
        return new WavefrontConfig(base, base.getHost(), node.get("query").asText().strip());
    }

    private static URI base(String address) {
        String text = address.strip().replaceAll("/+$", "");
        if (!text.contains("://")) {
            text = "https://" + text;
        }
        try {
            URI uri = URI.create(text);
            return uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
