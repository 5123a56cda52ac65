package dev.sluice.analysis.provider.graphite;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code graphite:} block, as in Argo Rollouts: {@code address} and {@code query}. Argo passes the query as
 * the render call's parameters ({@code target=summarize(...)&from=-10min}); Sluice accepts that form and also a
 * bare target expression. Whitespace runs become one space, as in Argo, so a query can span lines.
 */
public record GraphiteConfig(URI address, String query) {

    public static List<String> problems(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of("the graphite provider needs an object with address and query");
        }
        List<String> problems = new ArrayList<>();
        JsonNode address = node.get("address");
        if (address == null || !address.isTextual() || address.asText().isBlank()) {
            problems.add("address must be the Graphite URL, e.g. http://graphite.example.com:8080");
        } else if (uri(address.asText()) == null) {
            problems.add("address '" + address.asText() + "' is not a URL such as http://graphite.example.com:8080");
        }
        JsonNode query = node.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            problems.add("query must be a target expression, or render parameters starting with target=");
        }
        return problems;
    }

    public static GraphiteConfig from(JsonNode node) {
        return new GraphiteConfig(uri(node.get("address").asText()),
                node.get("query").asText().replaceAll("\\s+", " ").strip());
    }

    /**
     * The render parameters, encoded: the query's own ({@code target} may repeat), then {@code from=-5min} and
     * {@code until=now} unless the query set them, and always {@code format=json}.
     */
    public String renderParameters() {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        if (query.startsWith("target=")) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = (eq < 0 ? pair : pair.substring(0, eq)).strip();
                String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
                if (!key.isEmpty() && !key.equals("format")) {
                    params.add(Map.entry(key, decode(value)));
                }
            }
        } else {
            params.add(Map.entry("target", query));
        }
        if (params.stream().noneMatch(p -> p.getKey().equals("from"))) {
            params.add(Map.entry("from", "-5min"));
        }
        if (params.stream().noneMatch(p -> p.getKey().equals("until"))) {
            params.add(Map.entry("until", "now"));
        }
        params.add(Map.entry("format", "json"));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : params) {
            out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Values may come %-encoded (Argo users sometimes encode them); a stray % stays as written. */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static URI uri(String text) {
        try {
            URI uri = URI.create(text.strip().replaceAll("/+$", ""));
            return uri.getScheme() == null || uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
