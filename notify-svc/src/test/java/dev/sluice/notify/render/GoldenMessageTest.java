package dev.sluice.notify.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.notify.decide.Delivery;
import dev.sluice.notify.decide.NotifyConfig;
import dev.sluice.notify.decide.Plan;
import dev.sluice.notify.decide.Planner;
import dev.sluice.notify.decide.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default message of an aborted canary in each service, exactly as it is sent: one golden file per service under
 * {@code src/test/resources/golden/}. {@code -Dsluice.regenerate=true} rewrites them; review the diff.
 */
class GoldenMessageTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    static final NotifyConfig CONFIG = NotifyConfig.parse("cluster", Map.of(
            "service.slack", "token: $slack-token\nwebhooks: {alerts: $slack-alerts}",
            "service.teams", "webhooks: {deploys: $teams}",
            "service.discord", "webhooks: {deploys: $discord}",
            "service.googlechat", "webhooks: {deploys: $chat}",
            "service.email", "from: sluice@example.com",
            "service.webhook.ci", "url: https://ci.example.com/hook"));

    static Stream<Arguments> services() {
        return Stream.of(
                Arguments.of("slack chat.postMessage", "slack", "deploys", "slack-api.json"),
                Arguments.of("slack incoming webhook", "slack", "alerts", "slack-webhook.json"),
                Arguments.of("teams adaptive card", "teams", "deploys", "teams.json"),
                Arguments.of("discord embed", "discord", "deploys", "discord.json"),
                Arguments.of("google chat card", "googlechat", "deploys", "googlechat.json"),
                Arguments.of("cloudevents webhook", "ci", "", "webhook.json"),
                Arguments.of("email text", "email", "oncall@example.com", "email.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void an_aborted_canary(String behaviour, String service, String recipient, String file) throws IOException {
        Delivery d = abort(service, recipient);

        String expected = golden(file, d.message().body());
        assertThat(d.message().body()).isEqualTo(expected);
        assertThat(d.message().title()).isEqualTo("shop/checkout aborted");
        assertThat(d.message().body()).contains("error-rate", "0.12", "https://sluice.example.com/rollouts/shop/checkout");
    }

    static Stream<Arguments> triggers() {
        return Stream.of(
                Arguments.of("a progress deadline in slack", Samples.abortedByDeadline(), "on-rollout-progress-deadline-exceeded", "slack",
                        "deploys", "progress-deadline-slack-api.json", "shop/checkout progress deadline exceeded", "made no progress for 10m"),
                Arguments.of("a progress deadline by email", Samples.abortedByDeadline(), "on-rollout-progress-deadline-exceeded", "email",
                        "oncall@example.com", "progress-deadline-email.txt", "shop/checkout progress deadline exceeded", "at step 1"),
                Arguments.of("zero-downtime findings in slack", Samples.findings(), "on-rollout-zero-downtime-findings", "slack",
                        "deploys", "zero-downtime-slack-api.json", "shop/checkout has zero-downtime findings", "readiness-probe"),
                Arguments.of("zero-downtime findings in teams", Samples.findings(), "on-rollout-zero-downtime-findings", "teams",
                        "deploys", "zero-downtime-teams.json", "shop/checkout has zero-downtime findings", "PodDisruptionBudget shop/checkout"),
                Arguments.of("an inconclusive analysis in slack names the verdict and how to resolve it",
                        Samples.analysis(dev.sluice.events.AnalysisPhase.Inconclusive), "on-analysis-run-inconclusive", "slack",
                        "deploys", "inconclusive-slack-api.json", "shop/checkout analysis inconclusive", "`kubectl sluice promote checkout`"),
                Arguments.of("an inconclusive analysis by email names the verdict and how to resolve it",
                        Samples.analysis(dev.sluice.events.AnalysisPhase.Inconclusive), "on-analysis-run-inconclusive", "email",
                        "oncall@example.com", "inconclusive-email.txt", "shop/checkout analysis inconclusive", "`kubectl sluice abort checkout` rolls back"),
                Arguments.of("a pause on an inconclusive analysis by email says how to resolve it", Samples.pausedInconclusive(),
                        "on-rollout-paused", "email", "oncall@example.com", "paused-inconclusive-email.txt", "shop/checkout paused",
                        "analysis was Inconclusive, paused until promoted or aborted: `kubectl sluice promote checkout`"),
                Arguments.of("zero-downtime findings by email", Samples.findings(), "on-rollout-zero-downtime-findings", "email",
                        "oncall@example.com", "zero-downtime-email.txt", "shop/checkout has zero-downtime findings", "min-ready-seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("triggers")
    void the_other_triggers(String behaviour, dev.sluice.events.SluiceEvent event, String trigger, String service, String recipient,
            String file, String title, String says) throws IOException {
        Plan plan = Planner.plan(new Planner.Input("ev-2", event,
                Map.of("notifications.sluice.dev/subscribe." + trigger + "." + service, recipient),
                List.of("registry.example.com/shop/checkout:2.4.0"), NotifyConfig.EMPTY, CONFIG, "https://sluice.example.com"));
        assertThat(plan.problems()).isEmpty();
        Delivery d = plan.deliveries().get(0);

        assertThat(d.message().body()).isEqualTo(golden(file, d.message().body()));
        assertThat(d.message().title()).isEqualTo(title);
        assertThat(d.message().body()).contains(says, "https://sluice.example.com/rollouts/shop/checkout");
    }

    static Delivery abort(String service, String recipient) {
        Plan plan = Planner.plan(new Planner.Input("ev-1", Samples.abortedByMetric(),
                Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted." + service, recipient),
                List.of("registry.example.com/shop/checkout:2.4.0"), NotifyConfig.EMPTY, CONFIG, "https://sluice.example.com"));
        assertThat(plan.problems()).isEmpty();
        return plan.deliveries().get(0);
    }

    static String golden(String file, String actual) throws IOException {
        Path path = GOLDEN.resolve(file);
        if (Boolean.getBoolean("sluice.regenerate") || !Files.exists(path)) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, actual);
        }
        return Files.readString(path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void a_template_from_the_configmap_replaces_the_default(String behaviour, Map<String, String> templates, String title, String body) {
        Plan plan = Planner.plan(new Planner.Input("ev-1", Samples.abortedByMetric(),
                Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted.ci", ""), List.of(),
                NotifyConfig.parse("ns", templates), CONFIG, null));

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.deliveries().get(0).message().title()).isEqualTo(title);
        assertThat(plan.deliveries().get(0).message().body()).contains(body);
    }

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("the headline", Map.of("template.on-rollout-aborted", "{rollout}: {metric} was {value}"),
                        "shop/checkout: error-rate was 0.12", "\"title\" : \"shop/checkout: error-rate was 0.12\""),
                Arguments.of("the whole body, with JSON-quoted values", Map.of("template.on-rollout-aborted.ci",
                        "{ \"why\": {reason.json}, \"t\": {title.json} }"), "shop/checkout aborted",
                        "{ \"why\": \"metric error-rate failed: value 0.12 breaks result < 0.05\", \"t\": \"shop/checkout aborted\" }"));
    }
}
