package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.cli.CliError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** analysis dry-run: the request body analysis-svc's POST .../dry-run takes, and how its answer is shown. */
class AnalysisDryRunTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sends_the_template_inline_with_the_args() throws Exception {
        var template = YAML.readTree("""
                apiVersion: sluice.dev/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: success-rate}
                spec:
                  args: [{name: service}]
                  metrics:
                  - name: success-rate
                    successCondition: result[0] >= 0.95
                    provider: {prometheus: {address: "http://prometheus:9090", query: "up{service='{{args.service}}'}"}}
                """);
        Map<String, String> args = new LinkedHashMap<>();
        args.put("service", "checkout");

        var body = AnalysisCommand.request(template, args);

        assertThat(body.path("template")).isEqualTo(template.path("spec"));
        assertThat(body.path("args").toString()).isEqualTo("[{\"name\":\"service\",\"value\":\"checkout\"}]");
    }

    @Test
    void refuses_what_is_not_a_template_in_one_line() throws Exception {
        assertThatThrownBy(() -> AnalysisCommand.request(YAML.readTree("kind: Rollout"), Map.of())).isInstanceOf(CliError.class)
                .hasMessage("expected an AnalysisTemplate or ClusterAnalysisTemplate, found Rollout");
    }

    @Test
    void shows_the_verdict_and_each_metric() throws Exception {
        var outcome = JSON.readTree("""
                {"phase":"Failed","metricName":"error-rate","value":"0.31","message":"error-rate failed",
                 "metrics":[{"name":"success-rate","provider":"prometheus","phase":"Successful","value":"0.99",
                             "successCondition":"result[0] >= 0.95","successHolds":true},
                            {"name":"error-rate","provider":"prometheus","phase":"Failed","value":"0.31",
                             "failureCondition":"result[0] > 0.1","failureHolds":true}]}
                """);
        assertThat(AnalysisCommand.render(outcome)).isEqualTo("""
                Verdict: Failed (deciding metric error-rate = 0.31)
                METRIC        PROVIDER    PHASE       VALUE  CONDITIONS
                success-rate  prometheus  Successful  0.99   success result[0] >= 0.95 → true
                error-rate    prometheus  Failed      0.31   failure result[0] > 0.1 → true
                """);
    }
}
