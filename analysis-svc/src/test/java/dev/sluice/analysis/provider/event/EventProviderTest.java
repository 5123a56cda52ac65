package dev.sluice.analysis.provider.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.core.StatusMapping;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.events.CheckCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EventProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    final CheckRegistry registry = new CheckRegistry();
    final EventProvider provider = new EventProvider(registry);

    MeasurementRequest request(String timeout) throws Exception {
        return request(timeout, START);
    }

    MeasurementRequest request(String timeout, Instant reportedSince) throws Exception {
        return new MeasurementRequest("shop", "smoke", JSON.readTree("{\"checkName\":\"smoke-tests\",\"timeout\":\"" + timeout + "\"}"),
                START, Duration.ofSeconds(30), (n, s, k) -> Optional.empty(),
                new MeasurementRequest.RunContext("shop/web", "7d9f", "web-7d9f-2", reportedSince));
    }

    static CheckCompleted check(String rollout, String revision, String name, boolean passed, Instant time) {
        return new CheckCompleted(rollout, revision, name, passed, 12.0, "12 tests", time);
    }

    @Test
    void a_check_that_arrives_while_waiting_is_the_result() throws Exception {
        MeasurementRequest request = request("30s");
        CompletableFuture<ProviderResult> measuring = CompletableFuture.supplyAsync(() -> provider.measure(request));
        await().pollDelay(Duration.ofMillis(200)).until(() -> !measuring.isDone());
        registry.record(check("shop/other", "7d9f", "smoke-tests", false, START.plusSeconds(5)));
        registry.record(check("shop/web", "1111", "smoke-tests", false, START.plusSeconds(5)));
        registry.record(check("shop/web", "7d9f", "load-tests", false, START.plusSeconds(5)));
        registry.record(check("shop/web", "7d9f", "smoke-tests", true, START.plusSeconds(6)));
        await().atMost(Duration.ofSeconds(5)).until(measuring::isDone);
        assertThat(measuring.get()).isInstanceOfSatisfying(ProviderResult.Value.class, v -> assertThat(asMap(v.value()))
                .containsEntry("passed", true).containsEntry("value", 12.0).containsEntry("timedOut", false));
    }

    @Test
    void a_check_seen_before_the_measurement_counts_if_it_is_newer_than_the_run() throws Exception {
        registry.record(check("shop/web", null, "smoke-tests", false, START.plusSeconds(1)));
        assertThat(provider.measure(request("1s"))).isInstanceOfSatisfying(ProviderResult.Value.class,
                v -> assertThat(asMap(v.value())).containsEntry("passed", false).containsEntry("timedOut", false));
    }

    @Test
    void a_check_reported_after_the_request_but_before_the_run_started_counts() throws Exception {
        // a pipeline answered as soon as it saw the request; analysis-svc started the run 2 s later (BlueGreenIT saw
        // the run wait for its 2 min timeout when the run's start was the bound)
        Instant requested = START.minusSeconds(2);
        registry.record(check("shop/web", "7d9f", "smoke-tests", true, START.minusSeconds(1)));
        MeasurementRequest request = request("1s", StatusMapping.reportedSince(requested.toString(), START));

        assertThat(provider.measure(request)).isInstanceOfSatisfying(ProviderResult.Value.class,
                v -> assertThat(asMap(v.value())).containsEntry("passed", true).containsEntry("timedOut", false));
    }

    @Test
    void results_count_from_the_request_or_from_the_start_when_the_run_does_not_say() {
        assertThat(StatusMapping.reportedSince("2026-01-01T09:59:58Z", START)).isEqualTo(Instant.parse("2026-01-01T09:59:58Z"));
        assertThat(StatusMapping.reportedSince(null, START)).isEqualTo(START);
        assertThat(StatusMapping.reportedSince("2026-01-01T10:00:05Z", START)).as("a request after the start").isEqualTo(START);
        assertThat(StatusMapping.reportedSince("2026-01-01T09:59:58Z", null)).isEqualTo(Instant.parse("2026-01-01T09:59:58Z"));
    }

    @Test
    void a_check_older_than_the_run_is_ignored_and_the_wait_times_out_as_not_passed() throws Exception {
        registry.record(check("shop/web", "7d9f", "smoke-tests", true, START.minusSeconds(60)));
        assertThat(provider.measure(request("1s"))).isInstanceOfSatisfying(ProviderResult.Value.class,
                v -> assertThat(asMap(v.value())).containsEntry("passed", false).containsEntry("timedOut", true));
    }

    @Test
    void without_conditions_the_metric_succeeds_when_the_check_passed() {
        assertThat(provider.defaultSuccessCondition()).isEqualTo("result.passed");
    }

    @Test
    void a_template_dry_run_cannot_wait_for_a_check() throws Exception {
        MeasurementRequest r = new MeasurementRequest("shop", "smoke", JSON.readTree("{\"checkName\":\"x\"}"), START,
                Duration.ofSeconds(1), (n, s, k) -> Optional.empty());
        assertThat(provider.measure(r)).isInstanceOf(ProviderResult.Failure.class);
    }

    @Test
    void validation_requires_a_check_name_and_a_readable_timeout() throws Exception {
        assertThat(provider.validate(JSON.readTree("{\"timeout\":\"later\"}"))).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
