package dev.sluice.analysis.provider.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.MetricProvider;
import dev.sluice.analysis.provider.ProviderHttp;
import dev.sluice.analysis.provider.ProviderResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;

/**
 * AWS CloudWatch {@code GetMetricData} through the official AWS SDK for Java v2, which signs (SigV4) and speaks
 * the service's protocol (PROVIDERS.md A.7). The window is {@code [now - interval, now)}; pages are followed by
 * {@code NextToken} and merged. The SDK does not retry: the analysis run's interval and error limits are the
 * retry policy, and a measurement stays within its timeout.
 *
 * <p>{@code sluice.analysis.cloudwatch.endpoint-override} points every call elsewhere (a VPC endpoint, LocalStack,
 * a test server).
 */
@ApplicationScoped
public class CloudWatchProvider implements MetricProvider {
    static final int MAX_PAGES = 100;
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10)).build();

    private final Optional<URI> endpointOverride;
    /** One chain for the service's life: it caches what it found (IRSA web identity, environment, instance profile). */
    private final AwsCredentialsProvider defaultChain = DefaultCredentialsProvider.builder().build();

    @Inject
    public CloudWatchProvider(@ConfigProperty(name = "sluice.analysis.cloudwatch.endpoint-override") Optional<String> endpointOverride) {
        this.endpointOverride = endpointOverride.filter(s -> !s.isBlank()).map(URI::create);
    }

    @Override
    public String type() {
        return "cloudWatch";
    }

    @Override
    public List<String> validate(JsonNode config) {
        return CloudWatchConfig.problems(config);
    }

    @Override
    public ProviderResult measure(MeasurementRequest request) {
        List<String> problems = CloudWatchConfig.problems(request.config());
        if (!problems.isEmpty()) {
            return new ProviderResult.Failure("invalid cloudWatch provider: " + String.join("; ", problems));
        }
        CloudWatchConfig config = CloudWatchConfig.from(request.config());
        AwsCredentialsProvider credentials;
        Optional<String> secretRegion = Optional.empty();
        if (config.secretName().isPresent()) {
            String secret = config.secretName().get();
            String secretPath = request.namespace() + "/" + secret;
            Optional<String> keyId;
            Optional<String> secretKey;
            Optional<String> sessionToken;
            try {
                keyId = read(request, secret, "AWS_ACCESS_KEY_ID");
                secretKey = read(request, secret, "AWS_SECRET_ACCESS_KEY");
                sessionToken = read(request, secret, "AWS_SESSION_TOKEN");
                secretRegion = read(request, secret, "AWS_REGION");
            } catch (RuntimeException e) {
                return new ProviderResult.Failure("cannot read Secret " + secretPath + ": " + e.getMessage());
            }
            if (keyId.isEmpty() || secretKey.isEmpty()) {
                return new ProviderResult.Failure("Secret " + secretPath
                        + " needs the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            credentials = StaticCredentialsProvider.create(sessionToken.isPresent()
                    ? AwsSessionCredentials.create(keyId.get(), secretKey.get(), sessionToken.get())
                    : AwsBasicCredentials.create(keyId.get(), secretKey.get()));
        } else {
            credentials = defaultChain;
        }
        Region region;
        try {
            Optional<String> fromSecret = secretRegion;
            region = Region.of(config.region().or(() -> fromSecret)
                    .orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion().id()));
        } catch (SdkException e) {
            return new ProviderResult.Failure("CloudWatch needs a region: set region in the cloudWatch block, AWS_REGION "
                    + "in its Secret, or AWS_REGION in the service's environment");
        }
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .httpClient(HTTP)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.apiCallTimeout(request.timeout())
                        .retryStrategy(AwsRetryStrategy.doNotRetry()));
        endpointOverride.ifPresent(builder::endpointOverride);
        Instant end = request.now();
        Instant start = end.minus(config.interval());
        long deadline = System.nanoTime() + request.timeout().toNanos();
        try (CloudWatchClient client = builder.build()) {
            List<GetMetricDataResponse> pages = new ArrayList<>();
            String token = null;
            do {
                if (!pages.isEmpty() && System.nanoTime() > deadline) {
                    return new ProviderResult.Failure("CloudWatch: no complete answer within "
                            + request.timeout().toMillis() + " ms (" + pages.size() + " pages read)");
                }
                GetMetricDataResponse page = client.getMetricData(GetMetricDataRequest.builder()
                        .metricDataQueries(config.queries()).startTime(start).endTime(end).nextToken(token).build());
                pages.add(page);
                token = page.nextToken();
            } while (token != null && !token.isEmpty() && pages.size() < MAX_PAGES);
            if (token != null && !token.isEmpty()) {
                return new ProviderResult.Failure("CloudWatch still had more data after " + MAX_PAGES
                        + " pages: narrow the queries or the interval");
            }
            return CloudWatchResults.merge(pages);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return new ProviderResult.Failure("CloudWatch: no answer within " + request.timeout().toMillis() + " ms");
        } catch (AwsServiceException e) {
            return serviceFailure(e);
        } catch (SdkException e) {
            return new ProviderResult.Failure("CloudWatch: " + e.getMessage());
        }
    }

    /** The service's own code and message; throttling says so. */
    static ProviderResult serviceFailure(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        if ((message == null || message.isBlank()) && e.awsErrorDetails() != null && e.awsErrorDetails().rawResponse() != null) {
            // not the service speaking (a proxy, a load balancer): quote what came back
            message = ProviderHttp.excerpt(e.awsErrorDetails().rawResponse().asUtf8String());
        }
        String words = (code == null ? "" : code + ": ") + (message == null ? "(no message)" : message);
        if (e.isThrottlingException()) {
            return new ProviderResult.Failure("CloudWatch rate limit reached (HTTP " + e.statusCode()
                    + "), the query was not run: " + words);
        }
        return new ProviderResult.Failure("CloudWatch answered HTTP " + e.statusCode() + ": " + words);
    }

    private static Optional<String> read(MeasurementRequest request, String secret, String key) {
        return request.secrets().read(request.namespace(), secret, key).map(String::strip).filter(v -> !v.isEmpty());
    }
}
