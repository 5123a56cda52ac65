package dev.sluice.notify.service;

import java.net.URI;
import java.util.Map;

/** One HTTP request a service API gets, as a value (golden files compare {@code body}). Headers may hold secrets: never log them. */
public record Outbound(URI url, Map<String, String> headers, String body) {
    /** For logs: scheme, host and path only (a webhook URL's path is its secret for Slack, Teams, Discord and Chat). */
    public String where() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
