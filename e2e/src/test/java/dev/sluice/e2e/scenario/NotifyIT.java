package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.events.ObservedEvent;
import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.CanaryScenario.Measurement;
import dev.sluice.e2e.fixture.CanaryScenario.Outcome;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.Harness;
import dev.sluice.e2e.notify.FakeSlack;
import dev.sluice.e2e.notify.NotifyService;
import dev.sluice.events.EventCodec;
import dev.sluice.events.EventType;
import dev.sluice.events.KafkaEvent;
import dev.sluice.events.RolloutAborted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications end to end: notify-svc as a fourth process beside the suite, Slack faked on loopback. A harness of
 * its own (a failing canary leaves errors in the measurement window that the shared harness's healthy canaries
 * would read).
 */
class NotifyIT {
    private Harness harness;
    private FakeSlack slack;
    private NotifyService notify;

    @RegisterExtension
    final LogsOnFailure logs = new LogsOnFailure(() -> harness);

    @AfterEach
    void stop() {
        if (notify != null) {
            notify.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void an_aborted_canary_gives_one_slack_message_naming_the_failed_metric_and_value_and_its_redelivery_none() throws Exception {
        harness = Harness.start(Harness.Options.defaults("notify"));
        harness.events();
        slack = new FakeSlack("xoxb-e2e");
        notify = NotifyService.start(harness, slack, Map.of());

        // Given a stable first revision whose Rollout subscribes #deploys to aborts, and a new version failing half its requests
        harness.setCanaryFailureShare(0.5);
        CanaryScenario scenario = new CanaryScenario(harness, "notify-failing", Router.ISTIO,
                harness.prometheus().isPresent() ? Measurement.PROMETHEUS : Measurement.WEB, Manifests.analysedSteps("2s"));
        scenario.givenAStableFirstRevision(Duration.ofSeconds(60));
        String ns = scenario.namespace();
        harness.kube().genericKubernetesResources(Cluster.ROLLOUTS).inNamespace(ns).withName(Manifests.ROLLOUT).edit(r -> {
            Map<String, String> annotations = new LinkedHashMap<>(r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations());
            annotations.put("notifications.sluice.dev/subscribe.on-rollout-aborted.slack", "deploys");
            r.getMetadata().setAnnotations(annotations);
            return r;
        });

        // When it is released and the analysis fails
        scenario.whenANewImageIsReleased("sluice/demo-app:3.0");
        Outcome outcome = scenario.awaitOutcome(Duration.ofSeconds(90));
        assertThat(outcome.phase()).as("%s", outcome).isEqualTo("Degraded");

        // Then #deploys gets exactly one message, naming the metric and the value that failed and linking the rollout
        await("the abort event").atMost(Duration.ofSeconds(15))
                .until(() -> !harness.events().of(scenario.rolloutId(), EventType.ROLLOUT_ABORTED).isEmpty());
        List<ObservedEvent> aborts = harness.events().of(scenario.rolloutId(), EventType.ROLLOUT_ABORTED);
        assertThat(aborts).as("one abort event").hasSize(1);
        RolloutAborted abort = (RolloutAborted) aborts.get(0).data();
        assertThat(abort.metricName()).isEqualTo("success-rate");
        await("the Slack message").atMost(Duration.ofSeconds(30)).until(() -> !messagesAbout(scenario.rolloutId()).isEmpty());
        await("notify-svc to count it").atMost(Duration.ofSeconds(10)).until(() -> delivered("delivered") >= 1);
        assertThat(messagesAbout(scenario.rolloutId())).singleElement().satisfies(m -> assertThat(m)
                .contains("\"channel\" : \"deploys\"", "notify-failing/web aborted", "*Metric*\\nsuccess-rate",
                        "*Value*\\n" + abort.measuredValue(), NotifyService.DASHBOARD + "/rollouts/notify-failing/web"));

        // When the same record is delivered again (same ce_id, as Kafka redelivers after a crash before the commit)
        redeliver(aborts.get(0));

        // Then notify-svc recognises it and Slack gets no second message
        await("the redelivery to be recognised").atMost(Duration.ofSeconds(30)).until(() -> delivered("duplicate") >= 1);
        assertThat(messagesAbout(scenario.rolloutId())).hasSize(1);
        assertThat(slack.messages()).as("no other rollout or trigger was subscribed").hasSize(1);
    }

    private List<String> messagesAbout(String rolloutId) {
        return slack.messages().stream().filter(m -> m.contains(rolloutId)).toList();
    }

    private double delivered(String outcome) {
        return notify.process().metricWithLabel("sluice_notify_deliveries_total", "outcome=\"" + outcome + "\"");
    }

    private void redeliver(ObservedEvent original) {
        KafkaEvent record = EventCodec.encode(original.type(), original.data(), original.envelope().source());
        Map<String, String> headers = new LinkedHashMap<>(record.headers());
        headers.put("ce_id", original.envelope().id());
        Properties p = new Properties();
        p.put("bootstrap.servers", harness.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(record.topic(), record.key(), record.value());
            headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the redelivery", e);
        }
    }
}
