package dev.sluice.analysis.provider.web;

import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.ProviderValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Any HTTP endpoint that answers JSON (Argo's {@code web}): {@code url}, {@code method} GET (default), POST or
 * PUT, {@code headers [{key, value}]}, {@code body} or {@code jsonBody} (not both, not on GET),
 * {@code timeoutSeconds} (default 10), {@code jsonPath} in kubectl syntax ({@code {$.data}}). A non-2xx
 * answer is a failure; a JSON body gives the JSONPath's value (number, string, object or list) as
 * {@code result}; a path that matches nothing is a failure; a body that is not JSON is the raw string.
 */
@ApplicationScoped
public class WebProvider implements MetricProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration PATHS = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(JSON))
            .mappingProvider(new JacksonMappingProvider(JSON))
            .build();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT");
    /** Redirect hops followed, each checked by the {@link AddressGuard} like the URL itself. */
    static final int MAX_REDIRECTS = 5;
    /** The largest answer read (1 MiB): a metric is a number or a small document, never a download. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final AddressGuard guard;

    public WebProvider() {
        this(Optional.empty());
    }

    @Inject
    public WebProvider(@ConfigProperty(name = "sluice.analysis.web.allowed-hosts") Optional<List<String>> allowedHosts) {
        this(new AddressGuard(InetAddress::getAllByName, allowedHosts.orElse(List.of())));
    }

    WebProvider(AddressGuard guard) {
        this.guard = guard;
    }

    @Override
    public String type() {
        return "web";
    }

    @Override
    public List<String> validate(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            return List.of("the block must be an object with a url");
        }
        String url = ProviderValues.text(config, "url");
        if (url == null || url.isBlank()) {
            problems.add("url is required");
        } else {
            try {
                URI uri = URI.create(url);
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                    problems.add("url '" + ProviderHttp.hostOf(uri) + "' is not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add("url is not a URL: " + e.getMessage());
            }
        }
        String method = method(config);
        if (!METHODS.contains(method)) {
            problems.add("method must be GET, POST or PUT, got " + method);
        }
        boolean hasBody = config.hasNonNull("body");
        boolean hasJsonBody = config.hasNonNull("jsonBody");
        if (hasBody && hasJsonBody) {
            problems.add("body and jsonBody are mutually exclusive");
        }
        if ((hasBody || hasJsonBody) && method.equals("GET")) {
            problems.add("a GET request cannot have a body");
        }
        if (config.hasNonNull("timeoutSeconds") && ProviderValues.seconds(config.get("timeoutSeconds")) == null) {
            problems.add("timeoutSeconds must be a positive number of seconds");
        }
        String path = ProviderValues.text(config, "jsonPath");
        if (path != null) {
            try {
                JsonPath.compile(KubectlJsonPath.toJayway(path));
            } catch (InvalidPathException | IllegalArgumentException e) {
                problems.add("jsonPath '" + path + "' is not valid: " + e.getMessage());
            }
        }
        if (config.path("insecure").asBoolean(false)) {
            problems.add("insecure: true is not supported; give the endpoint a certificate the JVM trusts");
        }
        return problems;
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        JsonNode config = request.config();
        Duration timeout = timeout(config, request.timeout());
        String method = method(config);
        URI uri = URI.create(ProviderValues.text(config, "url"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (config.hasNonNull("jsonBody")) {
            body = HttpRequest.BodyPublishers.ofString(config.get("jsonBody").toString());
            http.header("Content-Type", "application/json");
        } else if (config.hasNonNull("body")) {
            body = HttpRequest.BodyPublishers.ofString(config.get("body").asText());
        }
        http.method(method, body);
        JsonNode headers = config.get("headers");
        if (headers != null && headers.isArray()) {
            for (JsonNode h : headers) {
                String key = ProviderValues.text(h, "key");
                if (key != null) {
                    http.setHeader(key, String.valueOf(ProviderValues.text(h, "value")));
                }
            }
        }
        ProviderHttp.Outcome outcome = null;
        for (int hop = 0; outcome == null || outcome instanceof ProviderHttp.Outcome.Redirected; hop++) {
            if (outcome instanceof ProviderHttp.Outcome.Redirected redirected) {
                if (hop > MAX_REDIRECTS) {
                    return new ProviderResult.Failure("web: more than " + MAX_REDIRECTS + " redirects from " + ProviderHttp.hostOf(uri));
                }
                uri = redirected.location();
                http.uri(uri);
                if (redirected.status() != 307 && redirected.status() != 308) { // as browsers and Go do: GET after 301/302/303
                    method = "GET";
                    http.method("GET", HttpRequest.BodyPublishers.noBody());
                }
            }
            Optional<String> refused = guard.refusal(uri);
            if (refused.isPresent()) {
                return new ProviderResult.Failure("web: refused to call " + ProviderHttp.hostOf(uri) + ": " + refused.get()
                        + " (allow a host with sluice.analysis.web.allowed-hosts)");
            }
            outcome = ProviderHttp.sendOnce(http, timeout, MAX_BODY_BYTES);
        }
        if (outcome instanceof ProviderHttp.Outcome.NoAnswer none) {
            return new ProviderResult.Failure("web: " + none.reason());
        }
        ProviderHttp.Outcome.Answered answer = (ProviderHttp.Outcome.Answered) outcome;
        if (!answer.ok()) {
            return new ProviderResult.Failure("web: " + method + " " + ProviderHttp.hostOf(uri) + " answered HTTP "
                    + answer.status() + ": " + ProviderHttp.excerpt(answer.body()));
        }
        return read(answer.body(), ProviderValues.text(config, "jsonPath"));
    }

    static ProviderResult read(String body, String jsonPath) {
        String text = body == null ? "" : body;
        Object document;
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                return new ProviderResult.Value("", "\"\"");
            }
            document = ProviderValues.toJava(tree);
        } catch (Exception notJson) {
            return new ProviderResult.Value(text, ProviderValues.display(text));
        }
        Object value = document;
        if (jsonPath != null && !jsonPath.isBlank()) {
            try {
                value = JsonPath.using(PATHS).parse(document).read(KubectlJsonPath.toJayway(jsonPath));
            } catch (PathNotFoundException e) {
                return new ProviderResult.Failure("web: jsonPath '" + jsonPath + "' produced no value in "
                        + ProviderHttp.excerpt(text));
            } catch (RuntimeException e) {
                return new ProviderResult.Failure("web: jsonPath '" + jsonPath + "' failed: " + e.getMessage());
            }
            if (value instanceof List<?> list && list.isEmpty()) {
                return new ProviderResult.Failure("web: jsonPath '" + jsonPath + "' produced no value in "
                        + ProviderHttp.excerpt(text));
            }
        }
        value = ProviderValues.toJava(JSON.valueToTree(value));
        return new ProviderResult.Value(value, ProviderValues.display(value));
    }

    private static String method(JsonNode config) {
        String m = ProviderValues.text(config, "method");
        return m == null || m.isBlank() ? "GET" : m.strip().toUpperCase(java.util.Locale.ROOT);
    }

    private static Duration timeout(JsonNode config, Duration fallback) {
        Duration d = ProviderValues.seconds(config.get("timeoutSeconds"));
        return d == null ? DEFAULT_TIMEOUT : d;
    }
}
