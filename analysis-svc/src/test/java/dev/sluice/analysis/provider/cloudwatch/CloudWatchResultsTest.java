package dev.sluice.analysis.provider.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.provider.ProviderResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

class CloudWatchResultsTest {
    private static final Instant T1 = Instant.parse("2024-06-01T10:05:00Z");
    private static final Instant T0 = Instant.parse("2024-06-01T10:00:00Z");

    static Stream<Arguments> merge() {
        return Stream.of(
                Arguments.of("gives each result with Argo's field names", List.of(page(null,
                                result("rate", StatusCode.COMPLETE, List.of(T1, T0), List.of(0.012, 0.009)))),
                        new ProviderResult.Value(List.of(map("rate", "Complete", List.of("2024-06-01T10:05:00Z",
                                "2024-06-01T10:00:00Z"), List.of(0.012, 0.009))), "{\"rate\":[0.012,0.009]}")),
                Arguments.of("gives one map per returned query in order", List.of(page(null,
                                result("canary", StatusCode.COMPLETE, List.of(T1), List.of(0.5)),
                                result("stable", StatusCode.COMPLETE, List.of(T1), List.of(0.25)))),
                        new ProviderResult.Value(List.of(map("canary", "Complete", List.of("2024-06-01T10:05:00Z"), List.of(0.5)),
                                map("stable", "Complete", List.of("2024-06-01T10:05:00Z"), List.of(0.25))),
                                "{\"canary\":[0.5],\"stable\":[0.25]}")),
                Arguments.of("appends the datapoints of later pages and keeps the last status", List.of(
                                page("token-1", result("rate", StatusCode.PARTIAL_DATA, List.of(T1), List.of(0.012))),
                                page(null, result("rate", StatusCode.COMPLETE, List.of(T0), List.of(0.009)))),
                        new ProviderResult.Value(List.of(map("rate", "Complete", List.of("2024-06-01T10:05:00Z",
                                "2024-06-01T10:00:00Z"), List.of(0.012, 0.009))), "{\"rate\":[0.012,0.009]}")),
                Arguments.of("is no data when no query has a datapoint", List.of(page(null,
                                result("rate", StatusCode.COMPLETE, List.of(), List.of()))),
                        new ProviderResult.NoData("CloudWatch returned no datapoints in the window")),
                Arguments.of("is no data without results, with CloudWatch's messages", List.of(
                                GetMetricDataResponse.builder().messages(MessageData.builder().code("MaxQueryTimeRangeExceed")
                                        .value("Query time range is too large").build()).build()),
                        new ProviderResult.NoData("CloudWatch returned no datapoints in the window "
                                + "(MaxQueryTimeRangeExceed: Query time range is too large)")),
                Arguments.of("is a failure when a query ended InternalError", List.of(page(null,
                                MetricDataResult.builder().id("rate").statusCode(StatusCode.INTERNAL_ERROR)
                                        .messages(MessageData.builder().code("InternalError").value("try again").build()).build())),
                        new ProviderResult.Failure("CloudWatch query rate ended InternalError: InternalError: try again")),
                Arguments.of("is a failure when a query ended Forbidden", List.of(page(null,
                                result("ok", StatusCode.COMPLETE, List.of(T1), List.of(1.0)),
                                MetricDataResult.builder().id("other").statusCode(StatusCode.FORBIDDEN).build())),
                        new ProviderResult.Failure("CloudWatch query other ended Forbidden")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void merge(String name, List<GetMetricDataResponse> pages, ProviderResult expected) {
        assertThat(CloudWatchResults.merge(pages)).isEqualTo(expected);
    }

    private static GetMetricDataResponse page(String nextToken, MetricDataResult... results) {
        return GetMetricDataResponse.builder().metricDataResults(results).nextToken(nextToken).build();
    }

    private static MetricDataResult result(String id, StatusCode status, List<Instant> timestamps, List<Double> values) {
        return MetricDataResult.builder().id(id).label(id).statusCode(status).timestamps(timestamps).values(values).build();
    }

    private static Map<String, Object> map(String id, String status, List<String> timestamps, List<Double> values) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Id", id);
        map.put("Label", id);
        map.put("StatusCode", status);
        map.put("Timestamps", timestamps);
        map.put("Values", values);
        return map;
    }
}
