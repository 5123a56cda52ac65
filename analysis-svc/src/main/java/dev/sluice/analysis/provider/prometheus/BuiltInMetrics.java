package dev.sluice.analysis.provider.prometheus;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.core.GoDuration;
import dev.sluice.api.analysis.Metric;
import dev.sluice.api.analysis.MetricProviderSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flagger's built-in checks as PromQL, generated per traffic provider: {@code request-success-rate} (percent of
 * requests that are not 5xx) and {@code request-duration} (P99 in milliseconds), each judged by its
 * {@code thresholdRange}. Every label value comes from the rollout and is escaped. No data, NaN or a value
 * outside the range fails the measurement (Flagger fails a check without values too).
 */
public final class BuiltInMetrics {
    public static final String SUCCESS_RATE = "request-success-rate";
    public static final String DURATION = "request-duration";

    private BuiltInMetrics() {
    }

    /** Where the canary's requests are counted. */
    public record Target(String namespace, String canaryService, String canaryHash) {
    }

    /** One check to generate: {@code interval} is the rate window (default 1m). */
    public record Check(String name, Double min, Double max, String interval, Integer failureLimit) {
    }

    public sealed interface Generated {
        record Metrics(List<Metric> metrics) implements Generated {
        }

        record Invalid(List<String> violations) implements Generated {
        }
    }

    public static Generated generate(List<Check> checks, String router, Target target, String prometheusAddress) {
        List<String> violations = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        String provider = router == null || router.isBlank() ? "app" : router;
        if (prometheusAddress == null || prometheusAddress.isBlank()) {
            violations.add("built-in metrics need a Prometheus address (sluice.analysis.prometheus.address)");
        }
        if (target.canaryService() == null || target.canaryService().isBlank()) {
            violations.add("built-in metrics need the canary service name");
        }
        for (Check check : checks) {
            String window = check.interval() == null || check.interval().isBlank() ? "1m" : check.interval();
            if (GoDuration.parse(window) == null) {
                violations.add("built-in metric '" + check.name() + "': interval '" + window + "' is not a duration");
                continue;
            }
            if (check.min() == null && check.max() == null) {
                violations.add("built-in metric '" + check.name() + "' needs thresholdRange.min or .max");
                continue;
            }
            String query = switch (check.name()) {
                case SUCCESS_RATE -> successRate(provider, target, window);
                case DURATION -> duration(provider, target, window);
                default -> null;
            };
            if (query == null) {
                violations.add("built-in metric '" + check.name() + "' is unknown; use " + SUCCESS_RATE + " or " + DURATION);
                continue;
            }
            if (query.isEmpty()) {
                violations.add("built-in metrics are not available for traffic provider '" + provider
                        + "'; use istio, nginx, gatewayAPI, traefik or app");
                break;
            }
            ObjectNode block = JsonNodeFactory.instance.objectNode();
            block.put("address", prometheusAddress);
            block.put("query", query);
            Metric metric = new Metric();
            metric.name = check.name();
            metric.provider = new MetricProviderSpec();
            metric.provider.prometheus = block;
            // measured once, one window after the check started, so the window holds only traffic at the current weight
            metric.initialDelay = window;
            metric.successCondition = condition(check.min(), check.max());
            metric.failureLimit = check.failureLimit() == null ? 0 : check.failureLimit();
            metrics.add(metric);
        }
        return violations.isEmpty() ? new Generated.Metrics(metrics) : new Generated.Invalid(violations);
    }

    static String condition(Double min, Double max) {
        StringBuilder c = new StringBuilder("size(result) > 0 && !isNaN(result[0])");
        if (min != null) {
            c.append(" && result[0] >= ").append(literal(min));
        }
        if (max != null) {
            c.append(" && result[0] <= ").append(literal(max));
        }
        return c.toString();
    }

    private static String literal(double d) {
        String s = Double.toString(d);
        return s.contains(".") || s.contains("E") ? s : s + ".0";
    }

    /** The success-rate query (percent of non-5xx), or "" when the router is unknown. */
    public static String successRate(String router, Target t, String window) {
        String ns = PromQl.escapeString(t.namespace());
        String svc = PromQl.escapeString(t.canaryService());
        return switch (router.toLowerCase(Locale.ROOT)) {
            case "istio" -> ratio("istio_requests_total",
                    "reporter=\"destination\",destination_service_namespace=\"" + ns + "\",destination_service_name=\"" + svc + "\"",
                    "response_code!~\"5.*\"", window);
            case "nginx" -> ratio("nginx_ingress_controller_requests",
                    "exported_namespace=\"" + ns + "\",service=\"" + svc + "\"", "status!~\"5.*\"", window);
            case "traefik" -> ratio("traefik_service_requests_total",
                    "service=~\"" + PromQl.escapeRegex(t.namespace() + "-" + t.canaryService() + "-") + ".*\"",
                    "code!~\"5..\"", window);
            case "gatewayapi", "app" -> ratio("http_requests_total",
                    "namespace=\"" + ns + "\",service=\"" + svc + "\"", "code!~\"5..\"", window);
            default -> "";
        };
    }

    /** The P99 latency query in milliseconds, or "" when the router is unknown. */
    public static String duration(String router, Target t, String window) {
        String ns = PromQl.escapeString(t.namespace());
        String svc = PromQl.escapeString(t.canaryService());
        return switch (router.toLowerCase(Locale.ROOT)) {
            case "istio" -> p99("istio_request_duration_milliseconds_bucket",
                    "reporter=\"destination\",destination_service_namespace=\"" + ns + "\",destination_service_name=\"" + svc + "\"",
                    window, "");
            case "nginx" -> p99("nginx_ingress_controller_request_duration_seconds_bucket",
                    "exported_namespace=\"" + ns + "\",service=\"" + svc + "\"", window, " * 1000");
            case "traefik" -> p99("traefik_service_request_duration_seconds_bucket",
                    "service=~\"" + PromQl.escapeRegex(t.namespace() + "-" + t.canaryService() + "-") + ".*\"", window, " * 1000");
            case "gatewayapi", "app" -> p99("http_request_duration_seconds_bucket",
                    "namespace=\"" + ns + "\",service=\"" + svc + "\"", window, " * 1000");
            default -> "";
        };
    }

    private static String ratio(String metric, String selector, String ok, String window) {
        return "sum(rate(" + metric + "{" + selector + "," + ok + "}[" + window + "])) / sum(rate(" + metric + "{"
                + selector + "}[" + window + "])) * 100";
    }

    private static String p99(String metric, String selector, String window, String scale) {
        return "histogram_quantile(0.99, sum(rate(" + metric + "{" + selector + "}[" + window + "])) by (le))" + scale;
    }
}
