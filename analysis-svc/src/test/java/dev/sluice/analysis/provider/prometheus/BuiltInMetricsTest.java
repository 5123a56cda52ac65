package dev.sluice.analysis.provider.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.analysis.core.MeasurementJudge;
import dev.sluice.api.analysis.Metric;
import dev.sluice.events.MeasurementPhase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInMetricsTest {
    static final BuiltInMetrics.Target TARGET = new BuiltInMetrics.Target("shop", "web-canary", "7d9f");

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("istio success rate counts non-5xx destination requests of the canary service", "istio", BuiltInMetrics.SUCCESS_RATE,
                        "sum(rate(istio_requests_total{reporter=\"destination\",destination_service_namespace=\"shop\",destination_service_name=\"web-canary\",response_code!~\"5.*\"}[2m])) / sum(rate(istio_requests_total{reporter=\"destination\",destination_service_namespace=\"shop\",destination_service_name=\"web-canary\"}[2m])) * 100"),
                Arguments.of("istio duration is the P99 of the millisecond histogram", "istio", BuiltInMetrics.DURATION,
                        "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\",destination_service_namespace=\"shop\",destination_service_name=\"web-canary\"}[2m])) by (le))"),
                Arguments.of("nginx success rate reads the ingress controller's requests", "nginx", BuiltInMetrics.SUCCESS_RATE,
                        "sum(rate(nginx_ingress_controller_requests{exported_namespace=\"shop\",service=\"web-canary\",status!~\"5.*\"}[2m])) / sum(rate(nginx_ingress_controller_requests{exported_namespace=\"shop\",service=\"web-canary\"}[2m])) * 100"),
                Arguments.of("nginx duration converts seconds to milliseconds", "nginx", BuiltInMetrics.DURATION,
                        "histogram_quantile(0.99, sum(rate(nginx_ingress_controller_request_duration_seconds_bucket{exported_namespace=\"shop\",service=\"web-canary\"}[2m])) by (le)) * 1000"),
                Arguments.of("traefik matches the canary's TraefikService by a regex-escaped prefix", "traefik", BuiltInMetrics.SUCCESS_RATE,
                        "sum(rate(traefik_service_requests_total{service=~\"shop-web-canary-.*\",code!~\"5..\"}[2m])) / sum(rate(traefik_service_requests_total{service=~\"shop-web-canary-.*\"}[2m])) * 100"),
                Arguments.of("gateway API reads the app's own http_requests_total", "gatewayAPI", BuiltInMetrics.SUCCESS_RATE,
                        "sum(rate(http_requests_total{namespace=\"shop\",service=\"web-canary\",code!~\"5..\"}[2m])) / sum(rate(http_requests_total{namespace=\"shop\",service=\"web-canary\"}[2m])) * 100"),
                Arguments.of("app duration reads the app's seconds histogram", "app", BuiltInMetrics.DURATION,
                        "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{namespace=\"shop\",service=\"web-canary\"}[2m])) by (le)) * 1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void generates(String name, String router, String metric, String expected) {
        BuiltInMetrics.Generated g = BuiltInMetrics.generate(List.of(new BuiltInMetrics.Check(metric, 99.0, null, "2m", null)),
                router, TARGET, "http://prometheus:9090");
        assertThat(g).isInstanceOfSatisfying(BuiltInMetrics.Generated.Metrics.class, m -> {
            Metric only = m.metrics().get(0);
            assertThat(only.provider.prometheus.get("query").asText()).isEqualTo(expected);
            assertThat(only.provider.prometheus.get("address").asText()).isEqualTo("http://prometheus:9090");
        });
    }

    @Test
    void a_service_name_with_quotes_stays_one_label_value() {
        String q = BuiltInMetrics.successRate("istio", new BuiltInMetrics.Target("shop", "x\"}or vector(1)", null), "1m");
        assertThat(q).doesNotContain("\"}or").contains("x\\x22}or vector(1)");
    }

    @Test
    void the_threshold_range_judges_the_value_and_no_data_or_nan_fails() {
        ConditionCompiler compiler = new ConditionCompiler();
        var condition = compiler.compileOrThrow(BuiltInMetrics.condition(99.0, 100.0)).orElseThrow();
        assertThat(MeasurementJudge.judge(condition, null, new ProviderResult.Value(List.of(99.5), "99.5")).phase())
                .isEqualTo(MeasurementPhase.Successful);
        assertThat(MeasurementJudge.judge(condition, null, new ProviderResult.Value(List.of(97.0), "97")).phase())
                .isEqualTo(MeasurementPhase.Failed);
        assertThat(MeasurementJudge.judge(condition, null, new ProviderResult.NoData("empty")).phase())
                .isEqualTo(MeasurementPhase.Failed);
        assertThat(MeasurementJudge.judge(condition, null, new ProviderResult.Value(List.of(Double.NaN), "NaN")).phase())
                .isEqualTo(MeasurementPhase.Failed);
    }

    @Test
    void unknown_metrics_routers_and_a_missing_address_are_all_reported() {
        BuiltInMetrics.Generated g = BuiltInMetrics.generate(List.of(new BuiltInMetrics.Check("error-budget", 1.0, null, null, null),
                new BuiltInMetrics.Check(BuiltInMetrics.DURATION, null, 500.0, null, null)), "linkerd", TARGET, "");
        assertThat(g).isInstanceOfSatisfying(BuiltInMetrics.Generated.Invalid.class, i -> assertThat(i.violations())
                .anySatisfy(v -> assertThat(v).contains("Prometheus address"))
                .anySatisfy(v -> assertThat(v).contains("error-budget"))
                .anySatisfy(v -> assertThat(v).contains("linkerd")));
    }
}
