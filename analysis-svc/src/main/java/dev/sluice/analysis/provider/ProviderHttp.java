package dev.sluice.analysis.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The HTTP call every HTTP-based provider makes: one JDK client, a per-request timeout, and failures turned
 * into messages a person can act on (never an exception out of a measurement).
 */
public final class ProviderHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private ProviderHttp() {
    }

    /** A completed exchange: status and body; or the reason there was none. */
    public sealed interface Outcome {
        record Answered(int status, String body) implements Outcome {
            public boolean ok() {
                return status >= 200 && status < 300;
            }
        }

        record NoAnswer(String reason) implements Outcome {
        }
    }

    public static Outcome send(HttpRequest.Builder request, Duration timeout) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            return new Outcome.Answered(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Outcome.NoAnswer("no answer from " + hostOf(built.uri()) + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome.NoAnswer("cannot reach " + hostOf(built.uri()) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.NoAnswer("interrupted while calling " + hostOf(built.uri()));
        }
    }

    /** Host and path only: query strings can carry keys (InfluxDB 1 {@code p=}), so they stay out of messages. */
    public static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    /** The first 300 characters of a body, for an error message. */
    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
