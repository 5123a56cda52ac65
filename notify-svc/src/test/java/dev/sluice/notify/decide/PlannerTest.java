package dev.sluice.notify.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.AnalysisPhase;
import dev.sluice.events.SluiceEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
    static final NotifyConfig CLUSTER = NotifyConfig.parse("cluster", Map.of(
            "service.slack", "token: $slack-token",
            "service.email", "from: sluice@example.com",
            "service.webhook.ci", "url: https://ci.example.com/hook",
            "subscriptions", """
                    - recipients: [slack:platform]
                      triggers: [on-rollout-aborted, on-analysis-run-failed]
                    """));
    static final NotifyConfig NAMESPACE = NotifyConfig.parse("shop", Map.of(
            "service.slack", "token: $team-token",
            "template.on-rollout-aborted", "{rollout} rolled back: {metric} = {value}",
            "subscriptions", """
                    - recipients: [email:shop@example.com]
                      triggers: [on-rollout-completed]
                    """));

    static Stream<Arguments> table() {
        Map<String, String> none = Map.of();
        return Stream.of(
                Arguments.of("an abort reaches the cluster default and the rollout's own subscribers, once each",
                        Samples.abortedByMetric(), Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted.slack", "deploys;platform"),
                        NotifyConfig.EMPTY, List.of("slack:deploys on-rollout-aborted", "slack:platform on-rollout-aborted")),
                Arguments.of("a progress-deadline abort fires two triggers but a recipient of both gets one message",
                        Samples.abortedByDeadline(), Map.of(
                                "notifications.sluice.dev/subscribe.on-rollout-progress-deadline-exceeded.slack", "platform",
                                "notifications.sluice.dev/subscribe.on-rollout-progress-deadline-exceeded.ci", ""),
                        NotifyConfig.EMPTY, List.of("slack:platform on-rollout-aborted", "ci on-rollout-progress-deadline-exceeded")),
                Arguments.of("a successful analysis notifies nobody", Samples.analysis(AnalysisPhase.Successful),
                        Map.of("notifications.sluice.dev/subscribe.on-analysis-run-failed.slack", "deploys"), NotifyConfig.EMPTY, List.of()),
                Arguments.of("a failed analysis reaches the cluster default", Samples.analysis(AnalysisPhase.Failed), none,
                        NotifyConfig.EMPTY, List.of("slack:platform on-analysis-run-failed")),
                Arguments.of("an inconclusive analysis reaches only its own subscribers", Samples.analysis(AnalysisPhase.Inconclusive),
                        Map.of("notifications.sluice.dev/subscribe.on-analysis-run-inconclusive.email", "a@example.com"),
                        NotifyConfig.EMPTY, List.of("email:a@example.com on-analysis-run-inconclusive")),
                Arguments.of("a healthy completion reaches the namespace default", Samples.completed("Healthy"), none, NAMESPACE,
                        List.of("email:shop@example.com on-rollout-completed")),
                Arguments.of("a degraded completion is its own trigger", Samples.completed("Degraded"),
                        Map.of("notifications.sluice.dev/subscribe.on-rollout-degraded.slack", "deploys"), NAMESPACE,
                        List.of("slack:deploys on-rollout-degraded")),
                Arguments.of("a step start, a pause, a promotion and a new revision each have their trigger", Samples.step(),
                        Map.of("notifications.sluice.dev/subscribe.on-rollout-step-started.slack", "deploys",
                                "notifications.sluice.dev/subscribe.on-rollout-paused.slack", "deploys"),
                        NotifyConfig.EMPTY, List.of("slack:deploys on-rollout-step-started")),
                Arguments.of("zero-downtime findings reach their own subscribers", Samples.findings(),
                        Map.of("notifications.sluice.dev/subscribe.on-rollout-zero-downtime-findings.slack", "platform"),
                        NotifyConfig.EMPTY, List.of("slack:platform on-rollout-zero-downtime-findings")),
                Arguments.of("a failed traffic shift reaches a webhook", Samples.shiftFailed(),
                        Map.of("notifications.sluice.dev/subscribe.on-traffic-shift-failed.ci", ""), NotifyConfig.EMPTY,
                        List.of("ci on-traffic-shift-failed")),
                Arguments.of("a subscription to an unconfigured service delivers nothing", Samples.paused(),
                        Map.of("notifications.sluice.dev/subscribe.on-rollout-paused.pagerduty", "x"), NotifyConfig.EMPTY, List.of()),
                Arguments.of("other annotations are ignored", Samples.promoted(),
                        Map.of("notifications.argoproj.io/subscribe.on-rollout-promoted.slack", "deploys"), NotifyConfig.EMPTY, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void who_gets_what(String behaviour, SluiceEvent event, Map<String, String> annotations, NotifyConfig namespace, List<String> expected) {
        Plan plan = Planner.plan(new Planner.Input("ev-1", event, annotations, List.of("shop/checkout:2.0"), namespace, CLUSTER, null));

        assertThat(plan.deliveries()).extracting(d -> d.target() + " " + d.notice().trigger().key()).containsExactlyElementsOf(expected);
        assertThat(plan.deliveries()).extracting(Delivery::key).doesNotHaveDuplicates();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("names an unknown trigger in an annotation", Map.of("notifications.sluice.dev/subscribe.on-rollout-exploded.slack", "x"),
                        "unknown trigger 'on-rollout-exploded'"),
                Arguments.of("names an annotation without a service", Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted", "x"),
                        "expected notifications.sluice.dev/subscribe.<trigger>.<service>"),
                Arguments.of("names a service nobody configured", Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted.pagerduty", "x"),
                        "service 'pagerduty', which neither the namespace's nor the cluster's ConfigMap configures"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void bad_subscriptions(String behaviour, Map<String, String> annotations, String problem) {
        Plan plan = Planner.plan(new Planner.Input("ev-1", Samples.abortedByMetric(), annotations, List.of(), NotifyConfig.EMPTY, NotifyConfig.EMPTY, null));

        assertThat(plan.problems()).singleElement().asString().contains(problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void reads_a_configmap(String behaviour, Map<String, String> data, List<String> services, List<String> problems) {
        NotifyConfig c = NotifyConfig.parse("cm", data);

        assertThat(c.services().keySet()).containsExactlyInAnyOrderElementsOf(services);
        assertThat(c.problems()).hasSameSizeAs(problems);
        for (int i = 0; i < problems.size(); i++) {
            assertThat(c.problems().get(i)).startsWith(problems.get(i));
        }
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("every kind of service, webhooks by name", Map.of("service.slack", "token: x", "service.teams", "webhooks: {a: u}",
                        "service.discord", "{}", "service.googlechat", "{}", "service.email", "{}", "service.webhook.ci", "url: u"),
                        List.of("slack", "teams", "discord", "googlechat", "email", "ci"), List.of()),
                Arguments.of("an unknown service is named and skipped", Map.of("service.pagerduty", "x: 1", "service.slack", "token: x"),
                        List.of("slack"), List.of("cm service.pagerduty: unknown service 'pagerduty' (known: slack, teams, discord, googlechat, webhook.<name>, email)")),
                Arguments.of("settings that are not YAML are named", Map.of("service.slack", "token: [unclosed"), List.of(),
                        List.of("cm service.slack: not YAML: while parsing a flow sequence")),
                Arguments.of("an unknown trigger in the defaults is named", Map.of("subscriptions", "- {recipients: [slack:x], triggers: [on-nothing]}"),
                        List.of(), List.of("cm subscriptions[0]: unknown trigger 'on-nothing'")));
    }
}
