package dev.sluice.analysis.provider.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * GetMetricData pages → {@link ProviderResult} (PROVIDERS.md A.7). The pages of one call (NextToken) are merged
 * per query id. As in Argo Rollouts the result is the list of MetricDataResults with the SDK's field names, so
 * templates read {@code result[0].Values}: each is a map {@code Id}, {@code Label}, {@code StatusCode},
 * {@code Timestamps} (ISO-8601 strings) and {@code Values} (doubles, index-aligned with the timestamps).
 */
public final class CloudWatchResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudWatchResults() {
    }

    public static ProviderResult merge(List<GetMetricDataResponse> pages) {
        Map<String, Merged> byId = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (GetMetricDataResponse page : pages) {
            for (MetricDataResult r : page.metricDataResults()) {
                Merged m = byId.computeIfAbsent(r.id(), id -> new Merged(id));
                if (r.label() != null) {
                    m.label = r.label();
                }
                if (r.statusCode() != null) {
                    m.status = r.statusCodeAsString();
                }
                for (int i = 0; i < r.values().size(); i++) {
                    m.values.add(r.values().get(i));
                    m.timestamps.add(i < r.timestamps().size() ? r.timestamps().get(i).toString() : "");
                }
                r.messages().forEach(msg -> m.messages.add(words(msg)));
            }
            page.messages().forEach(msg -> notes.add(words(msg)));
        }
        for (Merged m : byId.values()) {
            if (m.status.equals(StatusCode.INTERNAL_ERROR.toString()) || m.status.equals(StatusCode.FORBIDDEN.toString())) {
                return new ProviderResult.Failure("CloudWatch query " + m.id + " ended " + m.status
                        + (m.messages.isEmpty() ? "" : ": " + String.join("; ", m.messages)));
            }
        }
        if (byId.values().stream().allMatch(m -> m.values.isEmpty())) {
            List<String> all = new ArrayList<>(notes);
            byId.values().forEach(m -> all.addAll(m.messages));
            return new ProviderResult.NoData("CloudWatch returned no datapoints in the window"
                    + (all.isEmpty() ? "" : " (" + String.join("; ", all) + ")"));
        }
        List<Object> results = new ArrayList<>();
        Map<String, List<Double>> display = new LinkedHashMap<>();
        for (Merged m : byId.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("Id", m.id);
            one.put("Label", m.label);
            one.put("StatusCode", m.status);
            one.put("Timestamps", List.copyOf(m.timestamps));
            one.put("Values", List.copyOf(m.values));
            results.add(one);
            display.put(m.id, m.values);
        }
        return new ProviderResult.Value(results, display(display));
    }

    private static String display(Map<String, List<Double>> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            return values.toString();
        }
    }

    private static String words(MessageData message) {
        return message.code() == null ? String.valueOf(message.value()) : message.code() + ": " + message.value();
    }

    private static final class Merged {
        final String id;
        String label;
        String status = StatusCode.COMPLETE.toString();
        final List<Double> values = new ArrayList<>();
        final List<String> timestamps = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        Merged(String id) {
            this.id = id;
        }
    }
}
