package dev.sluice.analysis.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.provider.TestJson;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Prometheus behind SigV4 (Amazon Managed Prometheus) and OAuth2 client credentials: a fake Prometheus and a
 * fake token endpoint check what arrives. The SigV4 signature is recomputed here from the request as the
 * server received it, with an implementation of the AWS algorithm independent of the SDK.
 */
class PrometheusAuthTest {
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final String OK = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1767261600,\"0.995\"]}}";
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    final FakeHttpServer prometheus = new FakeHttpServer().answer(Response.json(200, OK));
    final FakeHttpServer tokens = new FakeHttpServer();
    final PrometheusProvider provider = new PrometheusProvider(new PrometheusAuth(
            profile -> StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET, "session-token")),
            Clock.fixed(NOW, ZoneOffset.UTC)));

    @AfterEach
    void stop() {
        prometheus.close();
        tokens.close();
    }

    ProviderResult measure(String authentication) {
        JsonNode config = TestJson.read("{\"address\":\"" + prometheus.uri() + "/workspaces/ws-1\",\"query\":\"up\","
                + "\"headers\":[{\"key\":\"X-Scope-OrgID\",\"value\":\"team-a\"}],\"authentication\":" + authentication + "}");
        assertThat(provider.validate(config)).isEmpty();
        return provider.measure(new MeasurementRequest("ns", "rate", config, NOW, Duration.ofSeconds(5), (n, s, k) -> Optional.empty()));
    }

    @Test
    void sigv4_signs_the_request_as_the_server_receives_it() throws Exception {
        assertThat(measure("{\"sigv4\":{\"region\":\"us-west-2\"}}")).isEqualTo(new ProviderResult.Value(0.995, "0.995"));

        FakeHttpServer.Request r = prometheus.lastRequest();
        String authorization = r.header("authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/aps/aws4_request, ");
        assertThat(r.header("x-amz-date")).isEqualTo("20260101T100000Z");
        assertThat(r.header("x-amz-security-token")).isEqualTo("session-token");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        assertThat(signedHeaders.split(";")).contains("host", "x-amz-date", "content-type", "x-scope-orgid");
        assertThat(authorization.replaceAll(".*Signature=", "")).isEqualTo(expectedSignature(r, signedHeaders, "us-west-2"));
    }

    @Test
    void oauth2_fetches_a_client_credentials_token_once_and_sends_it_as_bearer() {
        tokens.answer(Response.json(200, "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        String auth = "{\"oauth2\":{\"tokenUrl\":\"" + tokens.uri() + "/oauth/token\",\"clientId\":\"sluice\","
                + "\"clientSecret\":\"s3cret\",\"scopes\":[\"metrics:read\",\"tenant:a\"]}}";

        assertThat(measure(auth)).isInstanceOf(ProviderResult.Value.class);
        assertThat(measure(auth)).isInstanceOf(ProviderResult.Value.class);

        assertThat(tokens.requests()).hasSize(1);
        FakeHttpServer.Request tokenRequest = tokens.lastRequest();
        assertThat(tokenRequest.path()).isEqualTo("/oauth/token");
        assertThat(tokenRequest.header("authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("sluice:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials&scope=metrics%3Aread+tenant%3Aa");
        assertThat(prometheus.requests()).hasSize(2).allSatisfy(p -> assertThat(p.header("authorization")).isEqualTo("Bearer tok-1"));
    }

    @Test
    void a_token_endpoint_that_refuses_the_client_fails_the_measurement_with_its_error() {
        tokens.answer(Response.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}"));

        ProviderResult result = measure("{\"oauth2\":{\"tokenUrl\":\"" + tokens.uri() + "/token\",\"clientId\":\"x\",\"clientSecret\":\"y\"}}");

        assertThat(result).isEqualTo(new ProviderResult.Failure("prometheus: oauth2 token endpoint " + tokens.uri() + "/token"
                + " answered HTTP 401: invalid_client (unknown client)"));
        assertThat(prometheus.requests()).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("sigv4 without a region", "{\"sigv4\":{}}", List.of("authentication.sigv4.region is required")),
                Arguments.of("oauth2 without client credentials", "{\"oauth2\":{\"tokenUrl\":\"ftp://idp/token\"}}",
                        List.of("authentication.oauth2.clientId is required", "authentication.oauth2.clientSecret is required",
                                "authentication.oauth2.tokenUrl 'ftp://idp/token' is not an http(s) URL")),
                Arguments.of("two schemes at once", "{\"bearer\":{\"token\":\"t\"},\"sigv4\":{\"region\":\"eu-west-1\"}}",
                        List.of("authentication sets 2 schemes; set one of basic, bearer, sigv4, oauth2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refuses_an_unusable_authentication_block(String name, String authentication, List<String> problems) {
        JsonNode config = TestJson.read("{\"address\":\"http://prometheus:9090\",\"query\":\"up\",\"authentication\":" + authentication + "}");
        assertThat(provider.validate(config)).containsExactlyElementsOf(problems);
    }

    /** AWS Signature Version 4 (docs.aws.amazon.com, "Create a signed AWS API request"), written out here on purpose. */
    static String expectedSignature(FakeHttpServer.Request r, String signedHeaders, String region) throws Exception {
        String canonicalHeaders = Stream.of(signedHeaders.split(";"))
                .map(h -> h + ":" + r.header(h).trim().replaceAll(" +", " ") + "\n").collect(Collectors.joining());
        String canonicalRequest = r.method() + "\n" + r.path() + "\n" + (r.rawQuery() == null ? "" : r.rawQuery()) + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(r.body().getBytes(StandardCharsets.UTF_8)));
        String date = r.header("x-amz-date").substring(0, 8);
        String scope = date + "/" + region + "/aps/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + r.header("x-amz-date") + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "aps");
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign));
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
