package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a metric's value comes from: exactly one provider block. Each block is kept as raw JSON and handed
 * as-is (after {@code {{args.NAME}}} substitution) to the provider with that {@code type()} in analysis-svc,
 * so a provider's options never need a model change here. A provider without a field of its own (one added after
 * these) is kept under its key too ({@link #others()}; the CRD preserves unknown keys under {@code provider}), so
 * adding a provider changes nothing here either: analysis-svc finds it by {@code type()} or reports it unavailable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricProviderSpec {
    @PreserveUnknownFields
    public JsonNode prometheus;
    @PreserveUnknownFields
    public JsonNode web;
    @PreserveUnknownFields
    public JsonNode event;
    @PreserveUnknownFields
    public JsonNode datadog;
    @PreserveUnknownFields
    public JsonNode newRelic;
    @PreserveUnknownFields
    public JsonNode wavefront;
    @PreserveUnknownFields
    public JsonNode influxdb;
    @PreserveUnknownFields
    public JsonNode graphite;
    @PreserveUnknownFields
    public JsonNode cloudWatch;
    /** Argo's Kubernetes Job provider: {@code job.spec} (and {@code job.metadata}) of the Job to run. */
    @PreserveUnknownFields
    public JsonNode job;

    /** Provider blocks under keys without a field here, by key, in the order written. */
    @JsonIgnore
    private final Map<String, JsonNode> unlisted = new LinkedHashMap<>();

    @JsonAnySetter
    public void setOther(String key, JsonNode config) {
        unlisted.put(key, config);
    }

    /** Provider blocks under keys without a field here, by key. */
    public Map<String, JsonNode> others() {
        return unlisted;
    }

    // @JsonIgnore keeps the CRD generator from listing this as a property; Jackson still writes it (an any-getter)
    @JsonIgnore
    @JsonAnyGetter
    private Map<String, JsonNode> unlistedForJson() {
        return unlisted;
    }

    /** Every provider block that is set, by its key (e.g. {@code prometheus}); a valid metric has exactly one. */
    @JsonIgnore
    public Map<String, JsonNode> configured() {
        Map<String, JsonNode> set = new LinkedHashMap<>();
        put(set, "prometheus", prometheus);
        put(set, "web", web);
        put(set, "event", event);
        put(set, "datadog", datadog);
        put(set, "newRelic", newRelic);
        put(set, "wavefront", wavefront);
        put(set, "influxdb", influxdb);
        put(set, "graphite", graphite);
        put(set, "cloudWatch", cloudWatch);
        put(set, "job", job);
        unlisted.forEach((key, value) -> put(set, key, value));
        return set;
    }

    /** Sets the block for {@code type} (a type without a field here goes to {@link #others()}); true. */
    public boolean set(String type, JsonNode config) {
        switch (type) {
            case "prometheus" -> prometheus = config;
            case "web" -> web = config;
            case "event" -> event = config;
            case "datadog" -> datadog = config;
            case "newRelic" -> newRelic = config;
            case "wavefront" -> wavefront = config;
            case "influxdb" -> influxdb = config;
            case "graphite" -> graphite = config;
            case "cloudWatch" -> cloudWatch = config;
            case "job" -> job = config;
            default -> unlisted.put(type, config);
        }
        return true;
    }

    private static void put(Map<String, JsonNode> set, String key, JsonNode value) {
        if (value != null && !value.isNull()) {
            set.put(key, value);
        }
    }
}
