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

    /** For callers that check each hop themselves (the web provider: no redirect to a metadata endpoint). */
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
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

        /** Only from {@link #sendOnce}: the caller decides whether to follow. */
        record Redirected(int status, URI location) implements Outcome {
        }
    }

    public static Outcome send(HttpRequest.Builder request, Duration timeout) {
        return send(CLIENT, request, timeout, Integer.MAX_VALUE);
    }

    /**
     * One exchange without following redirects (a 3xx with a {@code Location} is {@link Outcome.Redirected}), reading at
     * most {@code maxBodyBytes} of the body: a longer body is no answer.
     */
    public static Outcome sendOnce(HttpRequest.Builder request, Duration timeout, int maxBodyBytes) {
        return send(NO_REDIRECTS, request, timeout, maxBodyBytes);
    }

    private static Outcome send(HttpClient client, HttpRequest.Builder request, Duration timeout, int maxBodyBytes) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            HttpResponse<java.io.InputStream> response = client.send(built, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (java.io.InputStream in = response.body()) {
                var location = response.headers().firstValue("location");
                if (status >= 300 && status < 400 && client == NO_REDIRECTS && location.isPresent()) {
                    return new Outcome.Redirected(status, built.uri().resolve(location.get()));
                }
                byte[] body = in.readNBytes(maxBodyBytes == Integer.MAX_VALUE ? Integer.MAX_VALUE - 8 : maxBodyBytes + 1);
                if (body.length > maxBodyBytes) {
                    return new Outcome.NoAnswer(hostOf(built.uri()) + " answered more than " + maxBodyBytes + " bytes");
                }
                return new Outcome.Answered(status, new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
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
