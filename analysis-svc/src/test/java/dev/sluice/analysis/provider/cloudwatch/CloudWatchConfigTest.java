package dev.sluice.analysis.provider.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

class CloudWatchConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ARGO_EXAMPLE = """
            {"interval":"30m","metricDataQueries":[
              {"id":"rate","expression":"errors / requests"},
              {"id":"errors","metricStat":{"metric":{"namespace":"app","metricName":"errors",
                 "dimensions":[{"name":"service","value":"web"}]},"period":300,"stat":"Sum","unit":"Count"},"returnData":false},
              {"id":"requests","metricStat":{"metric":{"namespace":"app","metricName":"requests"},"period":300,
                 "stat":"Sum","unit":"Count"},"returnData":false}]}""";

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("accepts Argo's documented example", ARGO_EXAMPLE, List.of()),
                Arguments.of("needs metricDataQueries", "{\"interval\":\"5m\"}",
                        List.of("metricDataQueries must list at least one query, each with an id and a metricStat or an expression")),
                Arguments.of("needs exactly one of metricStat and expression", """
                        {"metricDataQueries":[{"id":"a"},{"id":"b","expression":"x","metricStat":{"metric":{"namespace":"n",
                          "metricName":"m"},"period":60,"stat":"Sum"}}]}""",
                        List.of("metricDataQueries[0] needs exactly one of metricStat and expression",
                                "metricDataQueries[1] needs exactly one of metricStat and expression")),
                Arguments.of("checks ids: lower-case start and unique", """
                        {"metricDataQueries":[{"id":"Rate","expression":"x"},{"id":"b","expression":"x"},{"id":"b","expression":"y"}]}""",
                        List.of("metricDataQueries[0].id must start with a lower-case letter and hold only letters, digits and _, not 'Rate'",
                                "metricDataQueries[2].id 'b' is used twice")),
                Arguments.of("reports every missing part of a metricStat", """
                        {"metricDataQueries":[{"id":"a","metricStat":{"metric":{"dimensions":[{"name":"x"}]},"unit":"Parsecs"}}]}""",
                        List.of("metricDataQueries[0].metricStat.metric.namespace is required",
                                "metricDataQueries[0].metricStat.metric.metricName is required",
                                "metricDataQueries[0].metricStat.metric.dimensions need a name and a value each",
                                "metricDataQueries[0].metricStat.period must be a positive number of seconds",
                                "metricDataQueries[0].metricStat.stat is required, e.g. Sum, Average or p99",
                                "metricDataQueries[0].metricStat.unit 'Parsecs' is not a CloudWatch unit")),
                Arguments.of("needs one query that returns data", """
                        {"metricDataQueries":[{"id":"a","expression":"x","returnData":false}]}""",
                        List.of("metricDataQueries: at least one query must return data (returnData is false on all)")),
                Arguments.of("checks interval, region and secretRef", """
                        {"interval":"half an hour","region":"","secretRef":{},"metricDataQueries":[{"id":"a","expression":"x"}]}""",
                        List.of("interval must be a duration such as 5m or 1h, not 'half an hour'",
                                "region must be an AWS region such as eu-west-1",
                                "secretRef must name a Secret: secretRef: {name: cloudwatch-secret}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void problems(String name, String json, List<String> expected) throws Exception {
        assertThat(CloudWatchConfig.problems(JSON.readTree(json))).containsExactlyElementsOf(expected);
    }

    @Test
    void argosLowerCamelQueriesBecomeTheSdksMetricDataQueries() throws Exception {
        CloudWatchConfig config = CloudWatchConfig.from(JSON.readTree(ARGO_EXAMPLE));

        assertThat(config.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.region()).isEmpty();
        assertThat(config.secretName()).isEmpty();
        assertThat(config.queries()).containsExactly(
                MetricDataQuery.builder().id("rate").expression("errors / requests").build(),
                MetricDataQuery.builder().id("errors").returnData(false).metricStat(MetricStat.builder()
                        .metric(Metric.builder().namespace("app").metricName("errors")
                                .dimensions(Dimension.builder().name("service").value("web").build()).build())
                        .period(300).stat("Sum").unit("Count").build()).build(),
                MetricDataQuery.builder().id("requests").returnData(false).metricStat(MetricStat.builder()
                        .metric(Metric.builder().namespace("app").metricName("requests").build())
                        .period(300).stat("Sum").unit("Count").build()).build());
    }

    @Test
    void defaultsToFiveMinutes() throws Exception {
        CloudWatchConfig config = CloudWatchConfig.from(JSON.readTree(
                "{\"region\":\"eu-west-1\",\"secretRef\":{\"name\":\"aws\"},\"metricDataQueries\":[{\"id\":\"a\",\"expression\":\"x\"}]}"));

        assertThat(config.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.secretName()).isEqualTo(Optional.of("aws"));
    }
}
