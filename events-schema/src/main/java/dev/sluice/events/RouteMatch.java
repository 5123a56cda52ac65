package dev.sluice.events;

import java.util.Map;

/**
 * One request condition of a managed route (Argo's {@code RouteMatch}, Flagger's {@code match} entry): every
 * field that is set must match (AND). A cookie is matched as the {@code cookie} header, as in Flagger.
 */
public record RouteMatch(
        /** HTTP method. */
        StringMatch method,
        /** Request path (Istio {@code uri}). */
        StringMatch path,
        /** Header name to condition; names are matched case-insensitively by every router. */
        Map<String, StringMatch> headers) {

    public RouteMatch {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
