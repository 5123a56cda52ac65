package dev.sluice.notify.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.events.EventCodec;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.RolloutAborted;
import dev.sluice.events.Topics;
import dev.sluice.notify.decide.Samples;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * notify-svc on the real broker, the Kubernetes test server and fake Slack, Discord, webhook and SMTP servers that
 * answer like the real ones: an aborted canary reaches each subscriber once, a redelivered record reaches nobody
 * again, Discord's 429 is waited out, and a channel Slack does not know (ok=false on HTTP 200) is dead-lettered
 * without holding up the others.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class NotifyFlowTest {
    static final ResourceDefinitionContext ROLLOUTS = new ResourceDefinitionContext.Builder().withGroup("sluice.dev")
            .withVersion("v1alpha1").withPlural("rollouts").withKind("Rollout").withNamespaced(true).build();
    static FakeHttpServer slack;
    static FakeHttpServer discord;
    static FakeHttpServer ci;
    static final AtomicInteger discordCalls = new AtomicInteger();
    static final List<String> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final java.util.logging.Handler CAPTURE = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord r) {
            if (r.getLoggerName() != null && r.getLoggerName().startsWith("dev.sluice")) {
                logLines.add(r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @KubernetesTestServer
    io.quarkus.test.kubernetes.client.KubernetesServer server;

    @BeforeAll
    static void fakes() {
        java.util.logging.Logger.getLogger("").addHandler(CAPTURE);
        slack = new FakeHttpServer().answer(r -> r.body().contains("\"channel\" : \"gone\"")
                ? Response.json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}")
                : Response.json(200, "{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"1401383885.000061\"}"));
        discord = new FakeHttpServer().answer(r -> discordCalls.incrementAndGet() == 1
                ? Response.json(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.05,\"global\":false}").withHeader("Retry-After", "1")
                : Response.text(204, "", null));
        ci = new FakeHttpServer().answer(Response.text(200, "", null));
    }

    @AfterAll
    static void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(CAPTURE);
        slack.close();
        discord.close();
        ci.close();
    }

    @BeforeEach
    void configure() {
        KubernetesClient kube = server.getClient();
        kube.configMaps().inNamespace("sluice-system").resource(new ConfigMapBuilder().withNewMetadata().withName("sluice-notifications")
                .endMetadata().withData(Map.of(
                        "service.slack", "token: $slack-token\napiUrl: " + slack.uri() + "/api",
                        "service.discord", "webhooks: {deploys: $discord-deploys}",
                        "service.webhook.ci", "url: " + ci.uri() + "/hook\nhmacSecret: $ci-hmac",
                        "service.email", "from: sluice@example.com",
                        "subscriptions", "- {recipients: [slack:deploys], triggers: [on-rollout-aborted]}"))
                .build()).createOr(r -> r.update());
        kube.secrets().inNamespace("sluice-system").resource(new SecretBuilder().withNewMetadata().withName("sluice-notifications")
                .endMetadata().withStringData(Map.of("slack-token", "xoxb-test-token", "discord-deploys", discord.uri() + "/api/webhooks/1/abc",
                        "ci-hmac", "hmac-key")).build()).createOr(r -> r.update());
    }

    void rollout(String namespace, String name, Map<String, String> annotations) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
                .withNewMetadata().withNamespace(namespace).withName(name).withAnnotations(annotations).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("name", "app", "image", "registry.example.com/shop/checkout:2.4.0")))))))
                .build();
        server.getClient().genericKubernetesResources(ROLLOUTS).inNamespace(namespace).resource(r).createOr(x -> x.update());
    }

    @Test
    void an_aborted_canary_reaches_each_subscriber_once_and_a_redelivered_record_nobody_again() throws Exception {
        rollout("shop", "checkout", Map.of(
                "notifications.sluice.dev/subscribe.on-rollout-aborted.discord", "deploys",
                "notifications.sluice.dev/subscribe.on-rollout-aborted.ci", "",
                "notifications.sluice.dev/subscribe.on-rollout-aborted.email", "oncall@example.com"));
        KafkaEvent record = EventCodec.encode(Samples.abortedByMetric(), "/sluice/controller");
        String eventId = record.headers().get("ce_id");
        double delivered = deliveries("delivered");
        double duplicates = deliveries("duplicate");
        try (EventBus bus = EventBus.shared()) {
            bus.send(record.topic(), record.key(), record.headers(), record.value());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(slack.requests()).filteredOn(r -> r.body().contains("shop/checkout")).hasSize(1);
                assertThat(ci.requests()).hasSize(1);
                assertThat(discord.requests()).hasSize(2);
                assertThat(GreenMailResource.greenMail().getReceivedMessages()).hasSize(1);
                assertThat(deliveries("delivered") - delivered).isEqualTo(4.0);
            });
            FakeHttpServer.Request toSlack = slack.requests().get(0);
            assertThat(toSlack.path()).isEqualTo("/api/chat.postMessage");
            assertThat(toSlack.header("authorization")).isEqualTo("Bearer xoxb-test-token");
            assertThat(toSlack.body()).isEqualTo(Files.readString(Path.of("src/test/resources/golden/slack-api.json")));
            assertThat(discord.requests()).allSatisfy(r -> assertThat(r.body()).isEqualTo(Files.readString(Path.of("src/test/resources/golden/discord.json"))));
            FakeHttpServer.Request toCi = ci.lastRequest();
            assertThat(toCi.header("ce-id")).isEqualTo(eventId);
            assertThat(toCi.header("ce-type")).isEqualTo("dev.sluice.notification.v1");
            assertThat(toCi.header("x-sluice-signature-256")).isEqualTo("sha256=" + hmac("hmac-key", toCi.body()));
            assertThat(toCi.body()).isEqualTo(Files.readString(Path.of("src/test/resources/golden/webhook.json")));
            MimeMessage mail = GreenMailResource.greenMail().getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("shop/checkout aborted");
            assertThat(mail.getAllRecipients()[0]).hasToString("oncall@example.com");
            assertThat(mail.getFrom()[0]).hasToString("sluice@example.com");
            assertThat(mail.getContent().toString().replace("\r\n", "\n").strip()).as("the text, less the line end SMTP drops")
                    .isEqualTo(Files.readString(Path.of("src/test/resources/golden/email.txt")).strip());

            bus.send(record.topic(), record.key(), record.headers(), record.value()); // the same record again: a redelivery

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries("duplicate") - duplicates).isEqualTo(4.0));
            assertThat(slack.requests()).filteredOn(r -> r.body().contains("shop/checkout")).hasSize(1);
            assertThat(ci.requests()).hasSize(1);
            assertThat(discord.requests()).hasSize(2);
            assertThat(GreenMailResource.greenMail().getReceivedMessages()).hasSize(1);
        }
        assertThat(logLines).as("the log names each recipient").anyMatch(l -> l.contains("sent to slack:deploys"))
                .anyMatch(l -> l.contains("already sent to discord:deploys"));
        assertThat(logLines).as("and no credential or webhook URL").noneMatch(l -> l.contains("xoxb-test-token")
                || l.contains("/api/webhooks/1/abc") || l.contains("hmac-key"));
    }

    @Test
    void a_channel_slack_does_not_know_is_dead_lettered_with_the_reason_and_the_others_get_theirs() {
        String name = "pay-" + UUID.randomUUID().toString().substring(0, 8);
        rollout("pay", name, Map.of("notifications.sluice.dev/subscribe.on-rollout-aborted.slack", "gone;payments"));
        RolloutAborted a = Samples.abortedByMetric();
        RolloutAborted event = new RolloutAborted("pay/" + name, a.rolloutUid(), a.revision(), a.stepIndex(), a.sequence(), a.time(),
                a.reason(), a.metricName(), a.measuredValue());
        try (EventBus bus = EventBus.shared()) {
            var deadLetters = bus.watch(Topics.DEADLETTER);
            bus.publish(event);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters.getRecords())
                    .filteredOn(r -> ("pay/" + name).equals(r.key()))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(EventBus.header(r, "dead-letter-recipient")).isEqualTo("slack:gone");
                        assertThat(EventBus.header(r, "dead-letter-reason"))
                                .isEqualTo("notify: slack:gone (on-rollout-aborted): slack answered ok=false error=channel_not_found");
                        assertThat(EventBus.header(r, "ce_type")).isEqualTo("dev.sluice.rollout.aborted.v1");
                    }));
            assertThat(slack.requests()).filteredOn(r -> r.body().contains("pay/" + name))
                    .extracting(r -> r.body().substring(r.body().indexOf("\"channel\" : \"") + 13).split("\"")[0])
                    .as("one message per channel: the rollout's two and the cluster default; none retried")
                    .containsExactlyInAnyOrder("gone", "payments", "deploys");
            deadLetters.stop();
        }
        given().get("/q/metrics").then().statusCode(200);
        assertThat(given().get("/q/metrics").asString()).contains("sluice_notify_deliveries_total{outcome=\"failed\",service=\"slack\"}");
    }

    static double deliveries(String outcome) {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("sluice_notify_deliveries_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static String hmac(String key, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
