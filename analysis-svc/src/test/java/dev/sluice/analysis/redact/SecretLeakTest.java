package dev.sluice.analysis.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.analysis.AnalysisRun;
import dev.sluice.api.analysis.AnalysisTemplate;
import dev.sluice.api.analysis.AnalysisTemplateSpec;
import dev.sluice.events.AnalysisCompleted;
import dev.sluice.events.AnalysisRequested;
import dev.sluice.events.Decoded;
import dev.sluice.events.EventCodec;
import dev.sluice.events.Topics;
import dev.sluice.testsupport.EventBus;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.KafkaBrokerResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A Secret planted in a web metric's URL path, userinfo, query, header and body, with the endpoint answering errors
 * that repeat the request, a value that repeats it, a timeout, a refused connection, and a URL that does not parse:
 * the Secret reaches the endpoint, and never the AnalysisRuns, the events on Kafka or any log line of the service.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithKubernetesTestServer(crud = true)
class SecretLeakTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NS = "vault";

    @Inject
    KubernetesClient client;

    /** Every log line of the service while the test runs, formatted, with its exception chain. */
    static final class Captured extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            String text = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                    : new java.util.logging.SimpleFormatter().formatMessage(record);
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + text);
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void a_planted_secret_is_masked_in_status_events_and_logs() throws Exception {
        String secret = "S3cr3t-" + UUID.randomUUID();
        List<String> forms = List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("api-key").withNamespace(NS)
                .endMetadata().withStringData(Map.of("key", secret)).build()).createOr(r -> r.update());
        Captured logs = new Captured();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(logs);
        EventBus bus = EventBus.shared();
        var verdicts = bus.watch(Topics.VERDICTS);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FakeHttpServer endpoint = new FakeHttpServer()) {
            // the endpoint repeats the whole request back: in an error body, in a value, or only after the timeout
            endpoint.answer(r -> {
                String echo = "body " + r.body() + " key " + r.header("X-Api-Key") + " auth " + r.header("Authorization") + " "
                        + r.method() + " " + r.path() + "?" + r.rawQuery();
                if (r.path().startsWith("/error")) {
                    return FakeHttpServer.Response.text(500, "internal error while handling " + echo, "text/plain");
                }
                if (r.path().startsWith("/slow")) {
                    return FakeHttpServer.Response.text(500, echo, "text/plain").delayedBy(Duration.ofSeconds(3));
                }
                return FakeHttpServer.Response.json(200, JSON.createObjectNode().put("echo", echo).toString());
            });
            String base = endpoint.uri().toString();
            String host = endpoint.uri().getAuthority();
            Map<String, String> webBlocks = Map.of(
                    "error", "{\"url\":\"" + base + "/error/{{args.key}}?api_key={{args.key}}\","
                            + "\"headers\":[{\"key\":\"X-Api-Key\",\"value\":\"{{args.key}}\"}]}",
                    "value", "{\"url\":\"http://reader:{{args.key}}@" + host + "/value/{{args.key}}\",\"method\":\"POST\","
                            + "\"jsonBody\":{\"token\":\"{{args.key}}\"},\"jsonPath\":\"{$.echo}\"}",
                    "timeout", "{\"url\":\"" + base + "/slow/{{args.key}}?token={{args.key}}\",\"timeoutSeconds\":1,"
                            + "\"headers\":[{\"key\":\"Authorization\",\"value\":\"Bearer {{args.key}}\"}]}",
                    "refused", "{\"url\":\"http://127.0.0.1:" + closedPort + "/{{args.key}}?key={{args.key}}\"}",
                    "unparsable", "{\"url\":\"" + base + "/with space/{{args.key}}\"}");
            List<String> runs = new ArrayList<>();
            for (var e : webBlocks.entrySet()) {
                String template = "leak-" + e.getKey();
                AnalysisTemplateSpec spec = JSON.readValue("{\"args\":[{\"name\":\"key\"}],\"metrics\":[{\"name\":\"" + e.getKey()
                        + "\",\"interval\":\"200ms\",\"count\":1,\"consecutiveErrorLimit\":1,\"successCondition\":\"result == 'never'\","
                        + "\"provider\":{\"web\":" + e.getValue() + "}}]}", AnalysisTemplateSpec.class);
                AnalysisTemplate t = new AnalysisTemplate();
                t.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(template).build());
                t.setSpec(spec);
                client.resources(AnalysisTemplate.class).inNamespace(NS).resource(t).createOr(r -> r.update());
                String rollout = "app-" + e.getKey() + "-" + UUID.randomUUID().toString().substring(0, 6);
                String runName = rollout + "-7d9f-2";
                runs.add(runName);
                bus.publish(new AnalysisRequested(NS + "/" + rollout, "uid-" + rollout, "7d9f", 2, 11, Instant.now(), runName,
                        AnalysisRequested.Kind.STEP, List.of(new AnalysisRequested.TemplateRef(template, false)),
                        List.of(new AnalysisRequested.Arg("key", null, new AnalysisRequested.SecretKeyRef("api-key", "key"))),
                        null, null, null, rollout + "-canary", null, "7d9f", null, null));
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(runs).allSatisfy(run -> assertThat(verdicts.getRecords())
                    .anySatisfy(r -> assertThat(decode(r)).isInstanceOfSatisfying(AnalysisCompleted.class,
                            c -> assertThat(c.runName()).isEqualTo(run)))));

            // planted: the endpoint received the Secret in the path, the query, a header and the body
            assertThat(endpoint.requests()).anySatisfy(r -> assertThat(r.path()).contains(secret))
                    .anySatisfy(r -> assertThat(r.query("api_key")).isEqualTo(secret))
                    .anySatisfy(r -> assertThat(r.header("X-Api-Key")).isEqualTo(secret))
                    .anySatisfy(r -> assertThat(r.body()).contains(secret));
            List<String> statuses = new ArrayList<>();
            for (String run : runs) {
                statuses.add(JSON.writeValueAsString(client.resources(AnalysisRun.class).inNamespace(NS).withName(run).get()));
            }
            List<String> events = verdicts.getRecords().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            for (String form : forms) {
                assertThat(statuses).as("AnalysisRuns").noneSatisfy(s -> assertThat(s).contains(form));
                assertThat(events).as("events on %s", Topics.VERDICTS).noneSatisfy(s -> assertThat(s).contains(form));
                assertThat(logs.lines).as("log lines").noneSatisfy(s -> assertThat(s).contains(form));
            }
            // and it was there to be masked: the answers and errors that repeated it say where it was
            String all = String.join("\n", statuses);
            assertThat(all).contains("key " + SecretValues.MASK + " auth null GET /error/" + SecretValues.MASK + "?api_key=" + SecretValues.MASK)
                    .containsPattern("token[^*]{0,12}\\*\\*\\*\\*\\*").contains("/value/" + SecretValues.MASK)
                    .contains("/slow/" + SecretValues.MASK).contains("/with space/" + SecretValues.MASK);
            assertThat(events).anySatisfy(s -> assertThat(s).contains(SecretValues.MASK));
            assertThat(logs.lines).anySatisfy(s -> assertThat(s).contains(SecretValues.MASK));
        } finally {
            root.removeHandler(logs);
            verdicts.stop();
            bus.close();
        }
    }

    static Object decode(ConsumerRecord<String, byte[]> r) {
        Map<String, String> headers = new HashMap<>();
        r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return EventCodec.decode(headers, r.value()) instanceof Decoded.Event e ? e.data() : null;
    }
}
