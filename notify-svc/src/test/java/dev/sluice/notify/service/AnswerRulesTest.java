package dev.sluice.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.notify.decide.ServiceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How each service's real answers read: delivered, retry (after how long), or failed (and why). */
class AnswerRulesTest {
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("slack ok is delivered", ServiceKind.SLACK, 200, Map.of(), "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}", "delivered"),
                Arguments.of("slack channel_not_found on HTTP 200 is a failure", ServiceKind.SLACK, 200, Map.of(),
                        "{\"ok\":false,\"error\":\"channel_not_found\"}", "failed: slack answered ok=false error=channel_not_found"),
                Arguments.of("slack invalid_auth on HTTP 200 is a failure", ServiceKind.SLACK, 200, Map.of(),
                        "{\"ok\":false,\"error\":\"invalid_auth\"}", "failed: slack answered ok=false error=invalid_auth"),
                Arguments.of("slack ratelimited with Retry-After is a retry after that", ServiceKind.SLACK, 429, Map.of("retry-after", "30"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}", "retry after PT30S"),
                Arguments.of("a slack incoming webhook's ok text is delivered", ServiceKind.SLACK, 200, Map.of(), "ok", "delivered"),
                Arguments.of("a slack incoming webhook's no_service is a failure", ServiceKind.SLACK, 404, Map.of(), "no_service",
                        "failed: slack answered HTTP 404 no_service"),
                Arguments.of("teams workflows 202 is delivered", ServiceKind.TEAMS, 202, Map.of(), "", "delivered"),
                Arguments.of("teams workflows schema mismatch is a failure naming the code", ServiceKind.TEAMS, 400, Map.of(),
                        "{\"error\":{\"code\":\"TriggerInputSchemaMismatch\",\"message\":\"The input body for trigger 'manual' of type 'Request' did not match its schema definition.\"}}",
                        "failed: teams answered HTTP 400 TriggerInputSchemaMismatch: The input body for trigger 'manual' of type 'Request' did not match its schema definition."),
                Arguments.of("teams 429 with an HTTP-date Retry-After waits until then", ServiceKind.TEAMS, 429,
                        Map.of("retry-after", "Mon, 30 Nov 2026 10:00:07 GMT"), "", "retry after PT7S"),
                Arguments.of("teams 502 is a retry", ServiceKind.TEAMS, 502, Map.of(), "Bad Gateway", "retry"),
                Arguments.of("discord 204 is delivered", ServiceKind.DISCORD, 204, Map.of(), "", "delivered"),
                Arguments.of("discord 429 waits retry_after from the body, fractional seconds", ServiceKind.DISCORD, 429,
                        Map.of("retry-after", "2"), "{\"message\":\"You are being rate limited.\",\"retry_after\":0.35,\"global\":false}",
                        "retry after PT0.35S"),
                Arguments.of("discord unknown webhook is a failure with its code", ServiceKind.DISCORD, 404, Map.of(),
                        "{\"message\":\"Unknown Webhook\",\"code\":10015}", "failed: discord answered HTTP 404 Unknown Webhook (code 10015)"),
                Arguments.of("google chat invalid argument is a failure with its status", ServiceKind.GOOGLE_CHAT, 400, Map.of(),
                        "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received.\",\"status\":\"INVALID_ARGUMENT\"}}",
                        "failed: googlechat answered HTTP 400 INVALID_ARGUMENT: Invalid JSON payload received."),
                Arguments.of("google chat resource exhausted is a retry", ServiceKind.GOOGLE_CHAT, 429, Map.of(),
                        "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}", "retry"),
                Arguments.of("a webhook's 503 with Retry-After is a retry after that", ServiceKind.WEBHOOK, 503, Map.of("retry-after", "5"), "", "retry after PT5S"),
                Arguments.of("a webhook's 410 is a failure", ServiceKind.WEBHOOK, 410, Map.of(), "gone", "failed: webhook answered HTTP 410 gone"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void reads_an_answer(String behaviour, ServiceKind kind, int status, Map<String, String> headers, String body, String expected) {
        Map<String, List<String>> h = new java.util.HashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));

        assertThat(describe(ServiceApi.of(kind).classify(new Answer(status, h, body), NOW))).isEqualTo(expected);
    }

    static Stream<Arguments> smtp() {
        return Stream.of(
                Arguments.of("an unknown mailbox fails at once", new IllegalStateException("550 5.1.1 <x@example.com>: Recipient address rejected"),
                        "failed: smtp answered 550 5.1.1 <x@example.com>: Recipient address rejected"),
                Arguments.of("a greylisting 451 is retried", new IllegalStateException("451 4.7.1 Try again later"), "retry"),
                Arguments.of("a lost connection is retried", new java.net.ConnectException("Connection refused"), "retry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smtp")
    void reads_an_smtp_failure(String behaviour, Throwable failure, String expected) {
        assertThat(describe(EmailApi.classify(failure))).isEqualTo(expected);
    }

    static String describe(Attempt a) {
        if (a instanceof Attempt.Delivered) {
            return "delivered";
        }
        if (a instanceof Attempt.Retry r) {
            return r.after() == null ? "retry" : "retry after " + r.after();
        }
        return "failed: " + ((Attempt.Failed) a).reason();
    }
}
