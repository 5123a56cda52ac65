package dev.sluice.analysis.provider.cloudwatch;

import dev.sluice.analysis.provider.ProviderDocExamples;
import static dev.sluice.analysis.provider.TestJson.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.cloudwatch.FakeCloudWatch.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider, through the real AWS SDK, against a local server speaking CloudWatch's RPC-v2 CBOR protocol;
 * every test also checks the request the SDK sent (operation path, protocol header, SigV4 scope, CBOR body).
 */
class CloudWatchProviderTest {
    private static final CloudWatchProvider PROVIDER = new CloudWatchProvider(Optional.empty());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-06-01T10:05:00Z");
    private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");
    private static final String KEY_ID = "AKIDSLUICETEST";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private final FakeCloudWatch cloudWatch = new FakeCloudWatch();
    private final Map<String, String> secret = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", KEY_ID,
            "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
    private final CloudWatchProvider provider = new CloudWatchProvider(Optional.of(cloudWatch.uri().toString()));

    @AfterEach
    void stop() {
        cloudWatch.close();
    }

    @Test
    void sendsGetMetricDataSignedForTheRegionWithArgosQueriesAndTheIntervalAsWindow() throws Exception {
        cloudWatch.answer(Answer.ok(page(null, result("rate", "Complete", List.of(NOW, T0), List.of(0.012, 0.009)))));

        ProviderResult result = measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(expected("rate", "Complete",
                List.of("2024-06-01T10:05:00Z", "2024-06-01T10:00:00Z"), List.of(0.012, 0.009))), "{\"rate\":[0.012,0.009]}"));
        FakeCloudWatch.Request sent = cloudWatch.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(FakeCloudWatch.PATH);
        assertThat(sent.header("smithy-protocol")).isEqualTo("rpc-v2-cbor");
        assertThat(sent.header("Content-Type")).isEqualTo("application/cbor");
        assertThat(sent.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
                .contains("/eu-west-1/monitoring/aws4_request");
        assertThat(sent.body().path("MetricDataQueries")).isEqualTo(JSON.readTree("""
                [{"Id":"rate","Expression":"errors / requests"},
                 {"Id":"errors","MetricStat":{"Metric":{"Namespace":"app","MetricName":"errors",
                    "Dimensions":[{"Name":"service","Value":"web"}]},"Period":300,"Stat":"Sum","Unit":"Count"},"ReturnData":false},
                 {"Id":"requests","MetricStat":{"Metric":{"Namespace":"app","MetricName":"requests"},"Period":300,
                    "Stat":"Sum","Unit":"Count"},"ReturnData":false}]"""));
        assertThat(sent.body().path("StartTime").asDouble()).isEqualTo(NOW.minus(Duration.ofMinutes(30)).getEpochSecond());
        assertThat(sent.body().path("EndTime").asDouble()).isEqualTo(NOW.getEpochSecond());
        assertThat(sent.body().has("NextToken")).isFalse();
    }

    @Test
    void severalReturnedQueriesGiveAList() {
        cloudWatch.answer(Answer.ok(page(null, result("canary", "Complete", List.of(NOW), List.of(0.5)),
                result("stable", "Complete", List.of(NOW), List.of(0.25)))));

        ProviderResult result = measure(withSecret("""
                {"metricDataQueries":[{"id":"canary","expression":"SELECT AVG(errors) FROM app WHERE track = 'canary'","period":60},
                                      {"id":"stable","expression":"SELECT AVG(errors) FROM app WHERE track = 'stable'","period":60}]}""",
                "us-east-1"), Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(
                expected("canary", "Complete", List.of("2024-06-01T10:05:00Z"), List.of(0.5)),
                expected("stable", "Complete", List.of("2024-06-01T10:05:00Z"), List.of(0.25))),
                "{\"canary\":[0.5],\"stable\":[0.25]}"));
        assertThat(cloudWatch.requests().get(0).header("Authorization")).contains("/us-east-1/monitoring/aws4_request");
    }

    @Test
    void partialDataIsPagedWithNextTokenAndMerged() {
        cloudWatch.answer(Answer.ok(page("page-2", result("rate", "PartialData", List.of(NOW), List.of(0.012)))),
                Answer.ok(page(null, result("rate", "Complete", List.of(T0), List.of(0.009)))));

        ProviderResult result = measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Value(List.of(expected("rate", "Complete",
                List.of("2024-06-01T10:05:00Z", "2024-06-01T10:00:00Z"), List.of(0.012, 0.009))), "{\"rate\":[0.012,0.009]}"));
        assertThat(cloudWatch.requests()).hasSize(2);
        assertThat(cloudWatch.requests().get(1).body().path("NextToken").asText()).isEqualTo("page-2");
        assertSentArgoExample();
    }

    @Test
    void noDatapointsIsNoData() {
        cloudWatch.answer(Answer.ok(page(null, result("rate", "Complete", List.of(), List.of()))));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("CloudWatch returned no datapoints in the window"));
        assertSentArgoExample();
    }

    @Test
    void anErrorBodyIsAFailureWithTheServiceCodeAndMessage() {
        cloudWatch.answer(Answer.error(400, "InvalidParameterValue", Map.of(
                "__type", "com.amazonaws.cloudwatch#InvalidParameterValueException",
                "message", "The value errors / requests for parameter MetricDataQueries is invalid.")));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("CloudWatch answered HTTP 400: InvalidParameterValue: "
                        + "The value errors / requests for parameter MetricDataQueries is invalid."));
        assertSentArgoExample();
    }

    @Test
    void aForbiddenQueryResultIsAFailure() {
        cloudWatch.answer(Answer.ok(page(null, Map.of("Id", "rate", "StatusCode", "Forbidden",
                "Messages", List.of(Map.of("Code", "Forbidden", "Value", "no access to account 123456789012"))))));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("CloudWatch query rate ended Forbidden: Forbidden: no access to account 123456789012"));
        assertSentArgoExample();
    }

    @Test
    void throttlingIsAFailureThatSaysItIsARateLimitWithoutRetrying() {
        cloudWatch.answer(Answer.error(400, "Throttling", Map.of("__type", "com.amazonaws.cloudwatch#ThrottlingException",
                "message", "Rate exceeded")));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("CloudWatch rate limit reached (HTTP 400), the query was not run: "
                        + "Throttling: Rate exceeded"));
        assertThat(cloudWatch.requests()).hasSize(1);
        assertSentArgoExample();
    }

    @Test
    void aMalformedBodyIsAFailure() {
        cloudWatch.answer(new Answer(200, Map.of(), "this is not CBOR".getBytes(), Duration.ZERO));

        ProviderResult result = measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5));

        assertThat(result).isInstanceOf(ProviderResult.Failure.class);
        assertThat(((ProviderResult.Failure) result).message()).startsWith("CloudWatch: Unable to unmarshall response");
        assertSentArgoExample();
    }

    @Test
    void aProxyErrorPageIsQuoted() {
        cloudWatch.answer(new Answer(502, Map.of(), "<html>Bad Gateway</html>".getBytes(), Duration.ZERO));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("CloudWatch answered HTTP 502: <html>Bad Gateway</html>"));
        assertSentArgoExample();
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        cloudWatch.answer(Answer.ok(page(null)).delayedBy(Duration.ofSeconds(3)));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofMillis(500)))
                .isEqualTo(new ProviderResult.Failure("CloudWatch: no answer within 500 ms"));
        assertSentArgoExample();
    }

    @Test
    void theSecretCanCarryTheRegionAndASessionToken() {
        secret.put("AWS_REGION", "ap-southeast-2");
        secret.put("AWS_SESSION_TOKEN", "session-token-value");
        cloudWatch.answer(Answer.ok(page(null, result("rate", "Complete", List.of(NOW), List.of(1.0)))));

        assertThat(measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, null), Duration.ofSeconds(5)))
                .isInstanceOf(ProviderResult.Value.class);
        FakeCloudWatch.Request sent = cloudWatch.requests().get(0);
        assertThat(sent.header("Authorization")).contains("/ap-southeast-2/monitoring/aws4_request");
        assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("session-token-value");
    }

    @Test
    void withoutSecretRefTheDefaultCredentialChainIsUsed() {
        cloudWatch.answer(Answer.ok(page(null, result("rate", "Complete", List.of(NOW), List.of(1.0)))));
        System.setProperty("aws.accessKeyId", "AKIDFROMCHAIN");
        System.setProperty("aws.secretAccessKey", "chain-secret");
        try {
            ProviderResult result = measure(CloudWatchConfigTest.ARGO_EXAMPLE.replaceFirst("\\{",
                    "{\"region\":\"eu-central-1\","), Duration.ofSeconds(5));

            assertThat(result).isInstanceOf(ProviderResult.Value.class);
            assertThat(cloudWatch.requests().get(0).header("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMCHAIN/").contains("/eu-central-1/monitoring/");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aSecretWithoutKeysIsAFailureThatNamesItButNoValue() {
        secret.remove("AWS_SECRET_ACCESS_KEY");

        ProviderResult result = measure(withSecret(CloudWatchConfigTest.ARGO_EXAMPLE, "eu-west-1"), Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ProviderResult.Failure(
                "Secret shop/cloudwatch-secret needs the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
        assertThat(cloudWatch.requests()).isEmpty();
    }

    private ProviderResult measure(String config, Duration timeout) {
        return provider.measure(new MeasurementRequest("shop", "error-rate", read(config), NOW, timeout,
                (ns, name, key) -> ns.equals("shop") && name.equals("cloudwatch-secret")
                        ? Optional.ofNullable(secret.get(key)) : Optional.empty()));
    }

    private static String withSecret(String config, String region) {
        return config.replaceFirst("\\{", "{\"secretRef\":{\"name\":\"cloudwatch-secret\"},"
                + (region == null ? "" : "\"region\":\"" + region + "\","));
    }

    private static Map<String, Object> page(String nextToken, Map<?, ?>... results) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("MetricDataResults", List.of(results));
        page.put("Messages", List.of());
        if (nextToken != null) {
            page.put("NextToken", nextToken);
        }
        return page;
    }

    private static Map<String, Object> result(String id, String status, List<Instant> timestamps, List<Double> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("Id", id);
        result.put("Label", id);
        result.put("StatusCode", status);
        result.put("Timestamps", timestamps);
        result.put("Values", values);
        result.put("Messages", List.of());
        return result;
    }

    private static Map<String, Object> expected(String id, String status, List<String> timestamps, List<Double> values) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Id", id);
        map.put("Label", id);
        map.put("StatusCode", status);
        map.put("Timestamps", timestamps);
        map.put("Values", values);
        return map;
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSentArgoExample() {
        FakeCloudWatch.Request sent = cloudWatch.requests().get(cloudWatch.requests().size() - 1);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(FakeCloudWatch.PATH);
        assertThat(sent.header("smithy-protocol")).isEqualTo("rpc-v2-cbor");
        assertThat(sent.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
                .contains("/eu-west-1/monitoring/aws4_request");
        assertThat(sent.body().path("MetricDataQueries").findValuesAsText("Id")).containsExactly("rate", "errors", "requests");
        assertThat(sent.body().path("StartTime").asDouble()).isEqualTo(NOW.minus(Duration.ofMinutes(30)).getEpochSecond());
    }
}
