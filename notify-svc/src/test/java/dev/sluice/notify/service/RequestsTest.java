package dev.sluice.notify.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.notify.decide.Delivery;
import dev.sluice.notify.decide.Message;
import dev.sluice.notify.decide.NotifyConfig;
import dev.sluice.notify.decide.Samples;
import dev.sluice.notify.decide.ServiceKind;
import dev.sluice.notify.decide.Trigger;
import dev.sluice.notify.decide.Triggers;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where each service's request goes and with which headers; settings resolved from the Secret. */
class RequestsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<String, String> SECRET = Map.of("slack-token", "xoxb-1", "hook", "https://hooks.slack.com/services/T/B/x",
            "hmac", "s3cret", "ci-token", "Bearer ci");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("slack with a token posts chat.postMessage with the bot token", ServiceKind.SLACK, "slack",
                        "token: $slack-token\napiUrl: http://127.0.0.1:9/api", "deploys",
                        "http://127.0.0.1:9/api/chat.postMessage", Map.of("Authorization", "Bearer xoxb-1")),
                Arguments.of("slack with a webhook for the channel posts to the webhook", ServiceKind.SLACK, "slack",
                        "token: $slack-token\nwebhooks: {alerts: $hook}", "alerts", "https://hooks.slack.com/services/T/B/x",
                        Map.of("Content-Type", "application/json; charset=utf-8")),
                Arguments.of("a webhook is a binary-mode CloudEvent with its headers and an HMAC signature", ServiceKind.WEBHOOK, "ci",
                        "url: https://ci.example.com/hook\nhmacSecret: $hmac\nheaders: [{name: Authorization, value: $ci-token}]", "",
                        "https://ci.example.com/hook", Map.of("ce-specversion", "1.0", "ce-id", "ev-1", "ce-type", "dev.sluice.notification.v1",
                                "ce-subject", "shop/checkout", "ce-source", "/sluice/notify", "Authorization", "Bearer ci",
                                "X-Sluice-Signature-256", "sha256=" + CloudEventsWebhookApi.hmac("s3cret", "{\"a\":1}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void builds_the_request(String behaviour, ServiceKind kind, String name, String settings, String recipient, String url,
            Map<String, String> headers) throws Exception {
        JsonNode resolved = Secrets.resolve(YAML.readTree(settings), SECRET, "sluice-system/sluice-notifications");
        Delivery d = delivery(kind, name, resolved, recipient);

        Outbound out = ServiceApi.of(kind).request(d, resolved);

        assertThat(out.url()).hasToString(url);
        assertThat(out.headers()).containsAllEntriesOf(headers);
        assertThat(out.body()).isEqualTo("{\"a\":1}");
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("a Secret key that is missing is named, its value never", "token: $nope", ServiceKind.SLACK, "deploys",
                        "key 'nope' is not in Secret sluice-system/sluice-notifications"),
                Arguments.of("slack without token or webhook", "{}", ServiceKind.SLACK, "deploys", "slack has neither a token nor a webhook for channel 'deploys'"),
                Arguments.of("teams without a webhook for the recipient", "webhooks: {other: https://x.example.com}", ServiceKind.TEAMS, "deploys",
                        "teams has no webhook for recipient 'deploys' (service.teams webhooks.deploys)"),
                Arguments.of("a webhook URL that is not http", "url: file:///etc/passwd", ServiceKind.WEBHOOK, "", "webhook.x: a URL must be http(s)://host/..."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void cannot_build_the_request(String behaviour, String settings, ServiceKind kind, String recipient, String problem) {
        assertThatThrownBy(() -> {
            JsonNode resolved = Secrets.resolve(YAML.readTree(settings), SECRET, "sluice-system/sluice-notifications");
            ServiceApi.of(kind).request(delivery(kind, "x", resolved, recipient), resolved);
        }).isInstanceOf(ServiceApi.ConfigProblem.class).hasMessage(problem);
    }

    static Delivery delivery(ServiceKind kind, String name, JsonNode settings, String recipient) {
        var notice = Triggers.notice("ev-1", Trigger.ROLLOUT_ABORTED, Samples.abortedByMetric(), List.of(), null);
        return new Delivery("ev-1 " + name + ":" + recipient, notice, new NotifyConfig.Service(name, kind, settings),
                Delivery.Scope.CLUSTER, recipient, new Message("t", "{\"a\":1}"));
    }
}
