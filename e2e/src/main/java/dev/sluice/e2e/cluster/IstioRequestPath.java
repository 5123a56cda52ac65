package dev.sluice.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One request through an Istio VirtualService the way Envoy routes it: the HTTP routes in order, the first whose
 * {@code match} (any entry; within an entry, method, uri and every header) fits the request wins; its weighted
 * destinations answer, and its {@code mirror} host gets a copy (for {@code mirrorPercentage}) whose answer is
 * discarded. Pure: the VirtualService as a JSON tree and the request in, the decision out. {@code roll} (0..99)
 * picks among weighted destinations and decides the mirror share, so a test can be exact.
 */
public final class IstioRequestPath {

    private IstioRequestPath() {
    }

    /** A request as the mesh sees it; header names are matched case-insensitively. */
    public record Request(String method, String path, Map<String, String> headers) {
    }

    /** Which host answers, which host (if any) gets the copy, and the name of the route that matched. */
    public record Decision(String answeredBy, String mirroredTo, String route) {
    }

    public static Optional<Decision> route(JsonNode virtualService, Request request, int roll) {
        for (JsonNode http : virtualService.path("spec").path("http")) {
            if (!matches(http.path("match"), request)) {
                continue;
            }
            String answeredBy = pick(http.path("route"), roll);
            String mirror = null;
            if (http.has("mirror")) {
                double percent = http.path("mirrorPercentage").path("value").asDouble(100);
                if (roll < percent) {
                    mirror = host(http.path("mirror").path("host").asText());
                }
            }
            return Optional.of(new Decision(answeredBy, mirror, http.path("name").asText("")));
        }
        return Optional.empty();
    }

    private static boolean matches(JsonNode match, Request r) {
        if (!match.isArray() || match.isEmpty()) {
            return true;
        }
        for (JsonNode entry : match) {
            if (entryMatches(entry, r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean entryMatches(JsonNode entry, Request r) {
        if (entry.has("method") && !string(entry.path("method"), r.method())) {
            return false;
        }
        if (entry.has("uri") && !string(entry.path("uri"), r.path())) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> headers = entry.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> h = headers.next();
            String value = header(r, h.getKey());
            if (value == null || !string(h.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    private static String header(Request r, String name) {
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return h.getValue();
            }
        }
        return null;
    }

    private static boolean string(JsonNode m, String value) {
        if (value == null) {
            return false;
        }
        if (m.has("exact")) {
            return m.path("exact").asText().equals(value);
        }
        if (m.has("prefix")) {
            return value.startsWith(m.path("prefix").asText());
        }
        if (m.has("regex")) {
            return Pattern.compile(m.path("regex").asText()).matcher(value).matches();
        }
        return false;
    }

    /** The destination for {@code roll}: destinations take consecutive shares of 0..99 by weight (a lone one takes all). */
    private static String pick(JsonNode routes, int roll) {
        List<String> hosts = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (JsonNode d : routes) {
            hosts.add(host(d.path("destination").path("host").asText()));
            weights.add(d.has("weight") ? d.path("weight").asInt() : (routes.size() == 1 ? 100 : 0));
        }
        int upTo = 0;
        for (int i = 0; i < hosts.size(); i++) {
            upTo += weights.get(i);
            if (roll < upTo) {
                return hosts.get(i);
            }
        }
        return hosts.isEmpty() ? null : hosts.get(hosts.size() - 1);
    }

    private static String host(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
