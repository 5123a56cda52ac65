package dev.sluice.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sluice.events.EventType;
import dev.sluice.events.SluiceEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every Sluice service must do, checked against the real broker: it is ready with the broker
 * connected, serves metrics and OpenAPI, consumes a valid input event, and sends bad records on its input
 * topic to the dead-letter topic while going on. A service's test extends this inside {@code @QuarkusTest}
 * with the {@link KafkaBrokerResource} and names one valid input event.
 */
public abstract class ServiceContract {

    /** A valid event on one of the service's input topics, for a fresh rollout id. */
    protected abstract SluiceEvent validInput(String rolloutId);

    @Test
    void is_ready_with_the_broker_connected_and_serves_metrics_and_openapi() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void consumes_a_valid_event_and_dead_letters_garbage_without_stopping() {
        String rollout = "contract/" + UUID.randomUUID();
        SluiceEvent valid = validInput(rollout);
        EventType type = valid instanceof dev.sluice.events.RolloutCommand ? EventType.COMMAND_PROMOTE : EventType.forData(valid);
        try (EventBus bus = EventBus.shared()) {
            var deadLetters = bus.watch(dev.sluice.events.Topics.DEADLETTER);
            bus.send(type.topic(), rollout, EventBus.headers(type.ceType()), "not json".getBytes(StandardCharsets.UTF_8));
            bus.publish(type, valid);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters.getRecords())
                    .filteredOn(r -> rollout.equals(r.key()))
                    .singleElement()
                    .satisfies(r -> assertThat(EventBus.header(r, "dead-letter-reason")).contains("value is not JSON")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                    .body(containsString("sluice_events_consumed_total{type=\"" + type.ceType() + "\"}")));
            deadLetters.stop();
        }
    }
}
