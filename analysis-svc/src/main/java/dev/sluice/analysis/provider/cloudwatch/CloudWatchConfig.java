package dev.sluice.analysis.provider.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.provider.ProviderValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The {@code cloudWatch:} block. As in Argo Rollouts: {@code interval} (default {@code 5m}: the window ends now)
 * and {@code metricDataQueries}, each a GetMetricData {@code MetricDataQuery} with Argo's lower-camel field names
 * ({@code id}, {@code expression} or {@code metricStat: {metric: {namespace, metricName, dimensions: [{name,
 * value}]}, period, stat, unit}}, {@code label}, {@code returnData}, {@code period}, {@code accountId}). Sluice
 * adds {@code region} and {@code secretRef.name} (a Secret with {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN} and {@code AWS_REGION}); without it the AWS
 * default credential chain is used (IRSA, environment, instance profile).
 */
public record CloudWatchConfig(Duration interval, List<MetricDataQuery> queries, Optional<String> region,
        Optional<String> secretName) {
    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");

    public static List<String> problems(JsonNode node) {
        if (node == null || !node.isObject()) {
            return List.of("the cloudWatch provider needs an object with metricDataQueries");
        }
        List<String> problems = new ArrayList<>();
        JsonNode interval = node.get("interval");
        if (interval != null && !interval.isNull() && ProviderValues.positiveDuration(interval.asText()).isEmpty()) {
            problems.add("interval must be a duration such as 5m or 1h, not '" + interval.asText() + "'");
        }
        for (String field : List.of("region")) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && (!value.isTextual() || value.asText().isBlank())) {
                problems.add(field + " must be an AWS region such as eu-west-1");
            }
        }
        JsonNode secretRef = node.get("secretRef");
        if (secretRef != null && !secretRef.isNull()
                && (!secretRef.path("name").isTextual() || secretRef.path("name").asText().isBlank())) {
            problems.add("secretRef must name a Secret: secretRef: {name: cloudwatch-secret}");
        }
        JsonNode queries = node.get("metricDataQueries");
        if (queries == null || !queries.isArray() || queries.isEmpty()) {
            problems.add("metricDataQueries must list at least one query, each with an id and a metricStat or an expression");
            return problems;
        }
        if (queries.size() > 500) {
            problems.add("metricDataQueries may list at most 500 queries, not " + queries.size());
        }
        Set<String> ids = new HashSet<>();
        boolean returnsSomething = false;
        for (int i = 0; i < queries.size(); i++) {
            JsonNode q = queries.get(i);
            String at = "metricDataQueries[" + i + "]";
            if (!q.isObject()) {
                problems.add(at + " must be an object");
                continue;
            }
            String id = q.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                problems.add(at + ".id must start with a lower-case letter and hold only letters, digits and _, not '" + id + "'");
            } else if (!ids.add(id)) {
                problems.add(at + ".id '" + id + "' is used twice");
            }
            boolean hasStat = q.hasNonNull("metricStat");
            boolean hasExpression = q.hasNonNull("expression");
            if (hasStat == hasExpression) {
                problems.add(at + " needs exactly one of metricStat and expression");
            }
            if (hasExpression && (!q.get("expression").isTextual() || q.get("expression").asText().isBlank())) {
                problems.add(at + ".expression must be a non-empty string");
            }
            if (hasStat) {
                JsonNode stat = q.get("metricStat");
                JsonNode metric = stat.path("metric");
                if (!metric.path("namespace").isTextual() || metric.path("namespace").asText().isBlank()) {
                    problems.add(at + ".metricStat.metric.namespace is required");
                }
                if (!metric.path("metricName").isTextual() || metric.path("metricName").asText().isBlank()) {
                    problems.add(at + ".metricStat.metric.metricName is required");
                }
                for (JsonNode d : metric.path("dimensions")) {
                    if (!d.path("name").isTextual() || !d.path("value").isTextual()) {
                        problems.add(at + ".metricStat.metric.dimensions need a name and a value each");
                        break;
                    }
                }
                if (!stat.path("period").canConvertToInt() || stat.path("period").asInt() <= 0) {
                    problems.add(at + ".metricStat.period must be a positive number of seconds");
                }
                if (!stat.path("stat").isTextual() || stat.path("stat").asText().isBlank()) {
                    problems.add(at + ".metricStat.stat is required, e.g. Sum, Average or p99");
                }
                if (stat.hasNonNull("unit") && StandardUnit.fromValue(stat.get("unit").asText()) == StandardUnit.UNKNOWN_TO_SDK_VERSION) {
                    problems.add(at + ".metricStat.unit '" + stat.get("unit").asText() + "' is not a CloudWatch unit");
                }
            }
            if (q.hasNonNull("returnData") && !q.get("returnData").isBoolean()) {
                problems.add(at + ".returnData must be true or false");
            }
            if (q.hasNonNull("period") && (!q.get("period").canConvertToInt() || q.get("period").asInt() <= 0)) {
                problems.add(at + ".period must be a positive number of seconds");
            }
            returnsSomething |= !q.hasNonNull("returnData") || q.get("returnData").asBoolean();
        }
        if (!returnsSomething) {
            problems.add("metricDataQueries: at least one query must return data (returnData is false on all)");
        }
        return problems;
    }

    public static CloudWatchConfig from(JsonNode node) {
        List<MetricDataQuery> queries = new ArrayList<>();
        for (JsonNode q : node.get("metricDataQueries")) {
            MetricDataQuery.Builder b = MetricDataQuery.builder().id(q.get("id").asText());
            if (q.hasNonNull("expression")) {
                b.expression(q.get("expression").asText());
            }
            if (q.hasNonNull("metricStat")) {
                JsonNode stat = q.get("metricStat");
                JsonNode metric = stat.get("metric");
                List<Dimension> dimensions = new ArrayList<>();
                metric.path("dimensions").forEach(d -> dimensions.add(Dimension.builder().name(d.get("name").asText())
                        .value(d.get("value").asText()).build()));
                MetricStat.Builder s = MetricStat.builder()
                        .metric(Metric.builder().namespace(metric.get("namespace").asText())
                                .metricName(metric.get("metricName").asText())
                                .dimensions(dimensions.isEmpty() ? null : dimensions).build())
                        .period(stat.get("period").asInt())
                        .stat(stat.get("stat").asText());
                if (stat.hasNonNull("unit")) {
                    s.unit(stat.get("unit").asText());
                }
                b.metricStat(s.build());
            }
            if (q.hasNonNull("label")) {
                b.label(q.get("label").asText());
            }
            if (q.hasNonNull("returnData")) {
                b.returnData(q.get("returnData").asBoolean());
            }
            if (q.hasNonNull("period")) {
                b.period(q.get("period").asInt());
            }
            if (q.hasNonNull("accountId")) {
                b.accountId(q.get("accountId").asText());
            }
            queries.add(b.build());
        }
        return new CloudWatchConfig(
                Optional.ofNullable(node.get("interval")).filter(n -> !n.isNull())
                        .flatMap(n -> ProviderValues.positiveDuration(n.asText())).orElse(Duration.ofMinutes(5)),
                List.copyOf(queries),
                Optional.ofNullable(node.get("region")).filter(JsonNode::isTextual).map(n -> n.asText().strip()),
                Optional.ofNullable(node.get("secretRef")).map(r -> r.path("name").asText("")).filter(n -> !n.isBlank()));
    }

}
