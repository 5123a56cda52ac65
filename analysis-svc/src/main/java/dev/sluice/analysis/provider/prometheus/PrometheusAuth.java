package dev.sluice.analysis.provider.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderValues;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The {@code authentication} block of a Prometheus metric beyond basic and bearer, as in Argo:
 * <pre>
 * authentication:
 *   sigv4: {region: us-west-2, profile: optional}          # Amazon Managed Prometheus: signed with the AWS SDK's
 *                                                          # SigV4 signer, service "aps", default credential chain
 *   oauth2: {tokenUrl: https://..., clientId: ..., clientSecret: "{{args.secret}}", scopes: [...]}
 * </pre>
 * OAuth2 is the client-credentials grant (client id and secret as HTTP Basic, RFC 6749 2.3.1); the token is
 * reused until 30 s before it expires. Thread-safe.
 */
final class PrometheusAuth {
    static final String SIGV4_SERVICE = "aps";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final Function<String, AwsCredentialsProvider> credentials;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** @param credentials AWS credentials by profile name (null = the default chain) */
    PrometheusAuth(Function<String, AwsCredentialsProvider> credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    static PrometheusAuth standard() {
        return new PrometheusAuth(profile -> profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.create(profile), Clock.systemUTC());
    }

    record Token(String value, Instant expires) {
    }

    static List<String> validate(JsonNode auth) {
        List<String> problems = new ArrayList<>();
        if (auth == null || auth.isNull() || auth.isMissingNode()) {
            return problems;
        }
        JsonNode sigv4 = auth.get("sigv4");
        if (sigv4 != null && blank(ProviderValues.text(sigv4, "region"))) {
            problems.add("authentication.sigv4.region is required");
        }
        if (sigv4 != null && !blank(ProviderValues.text(sigv4, "roleArn"))) {
            problems.add("authentication.sigv4.roleArn is not supported; give the service account the role (IRSA, Pod Identity)"
                    + " or use a profile");
        }
        JsonNode oauth2 = auth.get("oauth2");
        if (oauth2 != null) {
            for (String field : List.of("tokenUrl", "clientId", "clientSecret")) {
                if (blank(ProviderValues.text(oauth2, field))) {
                    problems.add("authentication.oauth2." + field + " is required");
                }
            }
            String url = ProviderValues.text(oauth2, "tokenUrl");
            if (!blank(url) && !url.startsWith("http://") && !url.startsWith("https://")) {
                problems.add("authentication.oauth2.tokenUrl '" + url + "' is not an http(s) URL");
            }
        }
        long schemes = List.of("basic", "bearer", "sigv4", "oauth2").stream().filter(auth::has).count();
        if (schemes > 1) {
            problems.add("authentication sets " + schemes + " schemes; set one of basic, bearer, sigv4, oauth2");
        }
        return problems;
    }

    /**
     * The headers that authenticate a request of {@code method} to {@code uri} with {@code headers} and {@code body}:
     * empty when the block asks for none; a failure message when a token cannot be had.
     */
    Result headers(JsonNode auth, String method, URI uri, Map<String, String> headers, byte[] body, Instant now, Duration timeout) {
        if (auth.has("sigv4")) {
            return sigv4(auth.get("sigv4"), method, uri, headers, body, now);
        }
        if (auth.has("oauth2")) {
            return oauth2(auth.get("oauth2"), timeout);
        }
        return new Result(Map.of(), null);
    }

    /** Headers to add, or {@code error} when authentication failed. */
    record Result(Map<String, String> headers, String error) {
    }

    private Result sigv4(JsonNode sigv4, String method, URI uri, Map<String, String> headers, byte[] body, Instant now) {
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.apply(ProviderValues.text(sigv4, "profile")).resolveCredentials();
        } catch (RuntimeException e) {
            return new Result(Map.of(), "sigv4: no AWS credentials (" + e.getMessage() + ")");
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGV4_SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, ProviderValues.text(sigv4, "region"))
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        return new Result(added(signed.request(), headers), null);
    }

    /** The headers the signer added (Authorization, X-Amz-Date, X-Amz-Security-Token), without Host (the client sets it). */
    private static Map<String, String> added(SdkHttpRequest signed, Map<String, String> before) {
        Map<String, String> out = new LinkedHashMap<>();
        signed.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Host") && before.keySet().stream().noneMatch(k::equalsIgnoreCase)) {
                out.put(k, v.get(0));
            }
        });
        return out;
    }

    private static Result bearer(String token) {
        return new Result(Map.of("Authorization", "Bearer " + token), null);
    }

    private static Result failed(String message) {
        return new Result(Map.of(), message);
    }

    private Result oauth2(JsonNode oauth2, Duration timeout) {
        String url = ProviderValues.text(oauth2, "tokenUrl");
        String id = ProviderValues.text(oauth2, "clientId");
        String secret = ProviderValues.text(oauth2, "clientSecret");
        List<String> scopes = new ArrayList<>();
        oauth2.path("scopes").forEach(s -> scopes.add(s.asText()));
        String key = url + "\n" + id + "\n" + secret.hashCode() + "\n" + scopes;
        Token cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.expires().minus(EARLY))) {
            return bearer(cached.value());
        }
        String form = "grant_type=client_credentials" + (scopes.isEmpty() ? ""
                : "&scope=" + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form));
        ProviderHttp.Outcome outcome = ProviderHttp.send(request, timeout);
        if (outcome instanceof ProviderHttp.Outcome.NoAnswer none) {
            return failed("oauth2 token endpoint " + ProviderHttp.hostOf(URI.create(url)) + ": " + none.reason());
        }
        ProviderHttp.Outcome.Answered answer = (ProviderHttp.Outcome.Answered) outcome;
        JsonNode body;
        try {
            body = JSON.readTree(answer.body() == null ? "" : answer.body());
        } catch (Exception e) {
            body = null;
        }
        String token = body == null ? null : ProviderValues.text(body, "access_token");
        if (!answer.ok() || token == null) {
            String error = body == null ? null : ProviderValues.text(body, "error");
            return failed("oauth2 token endpoint " + ProviderHttp.hostOf(URI.create(url)) + " answered HTTP " + answer.status()
                    + (error != null ? ": " + error : token == null && answer.ok() ? ": no access_token" : "")
                    + (body != null && ProviderValues.text(body, "error_description") != null
                            ? " (" + ProviderValues.text(body, "error_description") + ")" : ""));
        }
        long expiresIn = body.path("expires_in").asLong(300);
        tokens.put(key, new Token(token, clock.instant().plusSeconds(expiresIn)));
        return bearer(token);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
