package dev.sluice.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void sums_every_label_set_of_exactly_the_named_metric() {
        String text = """
                # HELP sluice_events_consumed_total Events consumed
                # TYPE sluice_events_consumed_total counter
                sluice_events_consumed_total{type="dev.sluice.command.pause.v1"} 2.0
                sluice_events_consumed_total{type="dev.sluice.check.completed.v1"} 3.0
                sluice_events_consumed_total_created 1.7E9
                sluice_events_deadlettered_total{topic="x"} 7.0
                """;
        assertThat(PrometheusText.sum(text, "sluice_events_consumed_total")).isEqualTo(5.0);
        assertThat(PrometheusText.sum(text, "absent_metric")).isZero();
    }

    @Test
    void sums_only_the_samples_carrying_the_label() {
        String text = """
                http_requests_total{version="rev2",namespace="traffic-istio",code="200"} 4
                http_requests_total{version="rev2",namespace="traffic-istio",code="500"} 1
                http_requests_total{version="rev2",namespace="traffic-istio-2",code="200"} 9
                http_requests_total{version="rev2",code="200"} 16
                """;
        assertThat(PrometheusText.sum(text, "http_requests_total", "namespace=\"traffic-istio\"")).isEqualTo(5.0);
        assertThat(PrometheusText.sum(text, "http_requests_total", "code=\"200\"")).isEqualTo(29.0);
        assertThat(PrometheusText.sum(text, "http_requests_total", "namespace=\"web\"")).isZero();
    }
}
