package dev.sluice.cli.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Argo Rollouts ({@code argoproj.io/v1alpha1} Rollout, AnalysisTemplate, ClusterAnalysisTemplate) and Flagger
 * ({@code flagger.app/v1beta1} Canary, MetricTemplate) to Sluice objects, with a note for everything not carried over
 * exactly. Field names follow Argo, so most of an Argo manifest moves unchanged; what Sluice does not have is found
 * by walking the result along Sluice's own CRD schema (bundled from deploy/crds) and removed with a note, so the
 * output always passes the API server's pruning unchanged. Pure (the CRDs are read from the classpath once).
 */
public final class Converter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLUICE = "sluice.dev/v1alpha1";
    private static final Map<String, JsonNode> SCHEMAS = new LinkedHashMap<>();

    private Converter() {
    }

    /** A note on one object: {@code EXACT}-ness lost at {@code path}. Severity {@code review} means a person must look. */
    public record Note(String object, String path, String severity, String message) {
        @Override
        public String toString() {
            return object + " " + path + ": [" + severity + "] " + message;
        }
    }

    public record Result(List<ObjectNode> objects, List<Note> notes) {
    }

    public static Result convert(List<JsonNode> docs) {
        List<ObjectNode> out = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
                continue;
            }
            String api = doc.path("apiVersion").asText();
            String kind = doc.path("kind").asText();
            String id = kind + "/" + doc.path("metadata").path("name").asText();
            ObjectNode converted;
            if (api.startsWith("argoproj.io/") && kind.equals("Rollout")) {
                converted = argoRollout((ObjectNode) doc.deepCopy(), id, notes);
            } else if (api.startsWith("argoproj.io/") && (kind.equals("AnalysisTemplate") || kind.equals("ClusterAnalysisTemplate"))) {
                converted = argoTemplate((ObjectNode) doc.deepCopy(), id, notes);
            } else if (api.startsWith("flagger.app/") && kind.equals("Canary")) {
                converted = flaggerCanary(doc, id, notes);
            } else if (api.startsWith("flagger.app/") && kind.equals("MetricTemplate")) {
                converted = flaggerMetricTemplate(doc, id, notes);
            } else {
                notes.add(new Note(id, "", "skipped", "not an Argo Rollouts or Flagger object (" + api + " " + kind + "); left out"));
                continue;
            }
            prune(converted, schema(converted.path("kind").asText()), "", id, notes);
            out.add(converted);
        }
        return new Result(out, notes);
    }

    // ---------------------------------------------------------------- Argo Rollouts

    private static ObjectNode argoRollout(ObjectNode r, String id, List<Note> notes) {
        ObjectNode o = header("Rollout", r.path("metadata"));
        o.set("spec", r.path("spec").deepCopy());
        ObjectNode canary = o.path("spec").path("strategy").path("canary") instanceof ObjectNode c ? c : null;
        if (canary != null && canary.path("trafficRouting") instanceof ObjectNode routing) {
            JsonNode gateway = routing.path("plugins").path("argoproj-labs/gatewayAPI");
            if (!gateway.isMissingNode()) {
                ObjectNode g = routing.putObject("gatewayAPI");
                if (gateway.has("httpRoute")) g.put("httpRoute", gateway.path("httpRoute").asText());
                if (gateway.has("httpRoutes")) {
                    ArrayNode names = g.putArray("httpRoutes");
                    gateway.path("httpRoutes").forEach(h -> names.add(h.path("name").asText()));
                }
                routing.remove("plugins");
                notes.add(new Note(id, "spec.strategy.canary.trafficRouting.plugins", "rewritten",
                        "the argoproj-labs/gatewayAPI plugin is built into Sluice: trafficRouting.gatewayAPI"));
            }
            if (routing.path("traefik").has("weightedTraefikServiceName") == false && routing.path("traefik").has("weightedTraefikService")) {
                ObjectNode t = (ObjectNode) routing.path("traefik");
                t.set("weightedTraefikServiceName", t.remove("weightedTraefikService"));
            }
        }
        return o;
    }

    private static ObjectNode argoTemplate(ObjectNode t, String id, List<Note> notes) {
        ObjectNode o = header(t.path("kind").asText(), t.path("metadata"));
        if (t.path("kind").asText().equals("ClusterAnalysisTemplate")) {
            ((ObjectNode) o.path("metadata")).remove("namespace");
        }
        ObjectNode spec = t.path("spec").deepCopy();
        o.set("spec", spec);
        int i = 0;
        for (JsonNode metric : spec.path("metrics")) {
            for (String field : List.of("successCondition", "failureCondition")) {
                if (metric.hasNonNull(field)) {
                    String path = "spec.metrics[" + i + "](" + metric.path("name").asText() + ")." + field;
                    String expr = metric.get(field).asText();
                    ExprToCel.Translation tr = ExprToCel.translate(expr);
                    ((ObjectNode) metric).put(field, tr.cel());
                    if (tr.rewritten()) {
                        notes.add(new Note(id, path, "rewritten", "expr '" + expr + "' → CEL '" + tr.cel() + "'"));
                    }
                    tr.problems().forEach(p -> notes.add(new Note(id, path, "review", p)));
                }
            }
            i++;
        }
        return o;
    }

    // ---------------------------------------------------------------- Flagger

    private static final Set<String> BUILT_IN = Set.of("request-success-rate", "request-duration");
    /** The Canary fields convert handles (carries over or reports on its own). */
    private static final Set<String> ANALYSIS_KEYS = Set.of("interval", "stepWeight", "stepWeights", "maxWeight", "threshold", "metrics",
            "webhooks", "iterations", "match", "mirror", "mirrorWeight", "stepWeightPromotion", "primaryReadyThreshold", "canaryReadyThreshold");
    private static final Set<String> SPEC_KEYS = Set.of("targetRef", "service", "analysis", "provider", "progressDeadlineSeconds", "suspend",
            "autoscalerRef", "ingressRef");

    /** 30s, 1m, 2h → seconds; 0 when unreadable. */
    static long durationSeconds(String d) {
        try {
            return java.time.Duration.parse("PT" + d.toUpperCase()).getSeconds();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static ObjectNode flaggerCanary(JsonNode c, String id, List<Note> notes) {
        ObjectNode o = header("Rollout", c.path("metadata"));
        JsonNode spec = c.path("spec");
        ObjectNode s = o.putObject("spec");
        JsonNode target = spec.path("targetRef");
        if (target.isMissingNode()) {
            notes.add(new Note(id, "spec.targetRef", "review", "no targetRef: add spec.workloadRef or spec.template"));
        } else {
            s.putObject("workloadRef").put("apiVersion", target.path("apiVersion").asText("apps/v1"))
                    .put("kind", target.path("kind").asText("Deployment")).put("name", target.path("name").asText());
            notes.add(new Note(id, "spec.targetRef", "rewritten", "the Deployment is referenced through spec.workloadRef; Sluice "
                    + "scales it to 0 once the Rollout is Healthy (workloadRef.scaleDown), as Flagger scales it down after creating the primary"));
        }
        if (spec.has("progressDeadlineSeconds")) {
            s.put("progressDeadlineSeconds", spec.get("progressDeadlineSeconds").asInt());
        }
        if (spec.path("suspend").asBoolean(false)) {
            s.put("paused", true);
        }
        ObjectNode canary = s.putObject("strategy").putObject("canary");
        String service = spec.path("service").path("name").asText(target.path("name").asText());
        canary.put("stableService", service + "-primary").put("canaryService", service + "-canary");
        if (service.isEmpty()) {
            notes.add(new Note(id, "spec.service", "review", "no service name and no targetRef: set stableService and canaryService"));
        } else notes.add(new Note(id, "spec.service", "review", "Flagger generates Services " + service + ", " + service + "-primary and "
                + service + "-canary; Sluice uses existing ones: stableService " + service + "-primary, canaryService " + service
                + "-canary (keep the Services Flagger created, or create them with the port " + spec.path("service").path("port").asText("?") + ")"));
        routing(spec, service, canary, id, notes);
        JsonNode a = spec.path("analysis");
        ObjectNode p = canary.putObject("progression");
        for (String f : List.of("interval")) {
            if (a.has(f)) p.put(f, a.get(f).asText());
        }
        for (String f : List.of("stepWeight", "maxWeight", "threshold")) {
            if (a.has(f)) p.put(f, a.get(f).asInt());
        }
        if (a.has("stepWeights")) p.set("stepWeights", a.get("stepWeights").deepCopy());
        if (a.has("iterations") && !a.has("match")) {
            // Flagger's blue/green: the new version is tested for `iterations` intervals, then all traffic switches at once
            ObjectNode strategy = (ObjectNode) s.path("strategy");
            strategy.remove("canary");
            ObjectNode bg = strategy.putObject("blueGreen").put("activeService", service + "-primary").put("previewService", service + "-canary")
                    .put("autoPromotionEnabled", true);
            String interval = a.path("interval").asText("1m");
            long seconds = durationSeconds(interval) * a.path("iterations").asInt();
            if (seconds > 0) {
                bg.put("autoPromotionSeconds", seconds);
            }
            notes.add(new Note(id, "spec.analysis.iterations", "rewritten", "blue/green: strategy.blueGreen, promoted after "
                    + a.path("iterations").asInt() + " × " + interval + " (autoPromotionSeconds " + seconds + ")"));
            if (a.has("metrics")) {
                notes.add(new Note(id, "spec.analysis.metrics", "review", "the checks during the blue/green iterations need an "
                        + "AnalysisTemplate as blueGreen.prePromotionAnalysis; the built-in metrics are canary-only (progression)"));
            }
            return o;
        }
        if (a.has("iterations")) {
            notes.add(new Note(id, "spec.analysis.iterations", "review", "A/B testing iterations have no Sluice form; use canary steps"));
        }
        for (Iterator<String> keys = a.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ANALYSIS_KEYS.contains(key)) {
                notes.add(new Note(id, "spec.analysis." + key, "review", "has no Sluice form; left out"));
            }
        }
        for (Iterator<String> keys = spec.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!SPEC_KEYS.contains(key)) {
                notes.add(new Note(id, "spec." + key, "review", "has no Sluice form; left out"));
            }
        }
        if (a.has("match")) {
            notes.add(new Note(id, "spec.analysis.match", "review", "header/cookie routing (A/B) is not supported; left out"));
        }
        if (a.has("mirror") || a.has("mirrorWeight")) {
            notes.add(new Note(id, "spec.analysis.mirror", "review", "traffic mirroring is not supported; left out"));
        }
        if (a.has("stepWeightPromotion") || a.has("primaryReadyThreshold") || a.has("canaryReadyThreshold")) {
            notes.add(new Note(id, "spec.analysis", "review", "stepWeightPromotion and ready thresholds have no Sluice field; left out"));
        }
        ArrayNode metrics = JSON.createArrayNode();
        int i = 0;
        for (JsonNode m : a.path("metrics")) {
            String name = m.path("name").asText();
            String path = "spec.analysis.metrics[" + i++ + "](" + name + ")";
            if (BUILT_IN.contains(name) && !m.has("templateRef")) {
                ObjectNode pm = metrics.addObject().put("name", name);
                if (m.has("thresholdRange")) pm.set("thresholdRange", m.get("thresholdRange").deepCopy());
                if (m.has("interval")) pm.put("interval", m.get("interval").asText());
            } else if (m.has("templateRef")) {
                String template = m.path("templateRef").path("name").asText();
                addBackground(canary, template, c.path("metadata").path("namespace").asText(""), service,
                        spec.path("targetRef").path("name").asText(), m);
                if (c.path("metadata").path("namespace").asText("").isEmpty()) {
                    notes.add(new Note(id, path, "review", "arg 'namespace' is empty: the Canary names no namespace; set it"));
                }
                notes.add(new Note(id, path, "review", "custom metric: a background analysis with AnalysisTemplate '" + template
                        + "' (convert the MetricTemplate too); its thresholdRange " + m.path("thresholdRange")
                        + " becomes the template's successCondition only when both are converted together"));
            } else {
                notes.add(new Note(id, path, "review", "metric '" + name + "' is neither built in nor a templateRef; left out"));
            }
        }
        if (!metrics.isEmpty()) p.set("metrics", metrics);
        if (a.has("webhooks")) {
            List<String> hooks = new ArrayList<>();
            a.get("webhooks").forEach(w -> hooks.add(w.path("name").asText() + " (" + w.path("type").asText("rollout") + ")"));
            notes.add(new Note(id, "spec.analysis.webhooks", "review", "webhooks are not run by Sluice: " + String.join(", ", hooks)
                    + "; load tests and gates can publish dev.sluice.check.completed.v1 for the event provider instead"));
        }
        if (spec.has("autoscalerRef")) {
            notes.add(new Note(id, "spec.autoscalerRef", "review", "point the HorizontalPodAutoscaler at the Rollout (scale subresource) instead of the Deployment"));
        }
        return o;
    }

    private static void routing(JsonNode spec, String service, ObjectNode canary, String id, List<Note> notes) {
        String provider = spec.path("provider").asText("kubernetes");
        ObjectNode routing = JSON.createObjectNode();
        switch (provider.contains(":") ? provider.substring(0, provider.indexOf(':')) : provider) {
            case "istio" -> routing.putObject("istio").putObject("virtualService").put("name", service);
            case "nginx" -> routing.putObject("nginx").put("stableIngress", spec.path("ingressRef").path("name").asText());
            case "gatewayapi" -> routing.putObject("gatewayAPI").put("httpRoute", service);
            case "traefik" -> routing.putObject("traefik").put("weightedTraefikServiceName", service);
            case "kubernetes" -> notes.add(new Note(id, "spec.provider", "rewritten",
                    "no mesh: the weight is the canary's share of the pods (replica ratio)"));
            default -> notes.add(new Note(id, "spec.provider", "review", "provider '" + provider + "' has no Sluice router "
                    + "(istio, nginx, gatewayapi, traefik); the weight is the replica ratio instead"));
        }
        if (!routing.isEmpty()) {
            canary.set("trafficRouting", routing);
            if (!provider.equals("nginx")) {
                notes.add(new Note(id, "spec.provider", "review", "Flagger generates the " + provider + " route object '" + service
                        + "'; Sluice edits an existing one: keep the one Flagger created (same name)"));
            }
        }
    }

    private static void addBackground(ObjectNode canary, String template, String namespace, String service, String target, JsonNode metric) {
        ObjectNode analysis = canary.has("analysis") ? (ObjectNode) canary.get("analysis") : canary.putObject("analysis");
        ArrayNode templates = analysis.has("templates") ? (ArrayNode) analysis.get("templates") : analysis.putArray("templates");
        templates.addObject().put("templateName", template);
        ArrayNode args = analysis.has("args") ? (ArrayNode) analysis.get("args") : analysis.putArray("args");
        if (args.isEmpty()) {
            args.addObject().put("name", "namespace").put("value", namespace);
            args.addObject().put("name", "target").put("value", target);
            args.addObject().put("name", "service").put("value", service);
            args.addObject().put("name", "interval").put("value", metric.path("interval").asText("1m"));
        }
    }

    private static ObjectNode flaggerMetricTemplate(JsonNode t, String id, List<Note> notes) {
        ObjectNode o = header("AnalysisTemplate", t.path("metadata"));
        JsonNode spec = t.path("spec");
        ObjectNode s = o.putObject("spec");
        ArrayNode args = s.putArray("args");
        for (String a : List.of("namespace", "target", "service", "interval")) {
            args.addObject().put("name", a);
        }
        spec.path("variables").fields().forEachRemaining(v -> args.addObject().put("name", v.getKey()).put("value", v.getValue().asText()));
        ObjectNode metric = s.putArray("metrics").addObject().put("name", t.path("metadata").path("name").asText());
        metric.put("interval", "{{args.interval}}");
        String type = spec.path("provider").path("type").asText();
        String query = spec.path("query").asText()
                .replaceAll("\\{\\{\\s*(namespace|target|service|interval)\\s*}}", "{{args.$1}}")
                .replaceAll("\\{\\{\\s*variables\\.([A-Za-z0-9_]+)\\s*}}", "{{args.$1}}");
        switch (type) {
            case "prometheus" -> {
                ObjectNode prom = metric.putObject("provider").putObject("prometheus");
                prom.put("address", spec.path("provider").path("address").asText());
                prom.put("query", query);
            }
            case "datadog" -> metric.putObject("provider").putObject("datadog").put("query", query);
            default -> {
                metric.putObject("provider").putObject("prometheus").put("address", spec.path("provider").path("address").asText())
                        .put("query", query);
                notes.add(new Note(id, "spec.provider.type", "review", "provider '" + type + "' converted as prometheus; check the "
                        + "provider (analysis-svc/PROVIDERS.md)"));
            }
        }
        notes.add(new Note(id, "spec", "review", "Flagger keeps the threshold in the Canary (thresholdRange); add successCondition "
                + "to this template, e.g. result[0] >= MIN && result[0] <= MAX"));
        if (spec.path("provider").has("secretRef")) {
            notes.add(new Note(id, "spec.provider.secretRef", "review", "credentials: pass them as an arg with valueFrom.secretKeyRef"));
        }
        return o;
    }

    // ---------------------------------------------------------------- shared

    private static ObjectNode header(String kind, JsonNode metadata) {
        ObjectNode o = JSON.createObjectNode().put("apiVersion", SLUICE).put("kind", kind);
        ObjectNode m = o.putObject("metadata");
        for (String f : List.of("name", "namespace", "labels", "annotations")) {
            if (metadata.has(f)) m.set(f, metadata.get(f).deepCopy());
        }
        if (m.path("annotations") instanceof ObjectNode a) {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
        return o;
    }

    /** Removes every field Sluice's CRD schema does not declare, with a note per field. */
    static void prune(JsonNode node, JsonNode schema, String path, String id, List<Note> notes) {
        if (schema == null || schema.isMissingNode() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (node instanceof ObjectNode obj && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode childSchema = schema.path("properties").path(field.getKey());
                if (childSchema.isMissingNode() && path.isEmpty() && Set.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                    continue;
                }
                if (childSchema.isMissingNode()) {
                    if (!field.getKey().equals("status")) {
                        notes.add(new Note(id, child, "dropped", "Sluice has no such field; left out"));
                    }
                    it.remove();
                } else {
                    prune(field.getValue(), childSchema, child, id, notes);
                }
            }
        } else if (node instanceof ObjectNode obj && schema.path("additionalProperties").isObject()) {
            obj.fields().forEachRemaining(f -> prune(f.getValue(), schema.get("additionalProperties"), path + "." + f.getKey(), id, notes));
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                prune(arr.get(i), schema.path("items"), path + "[" + i + "]", id, notes);
            }
        }
    }

    static synchronized JsonNode schema(String kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> {
            String file = switch (k) {
                case "Rollout" -> "rollouts.sluice.dev.yaml";
                case "AnalysisTemplate" -> "analysistemplates.sluice.dev.yaml";
                case "ClusterAnalysisTemplate" -> "clusteranalysistemplates.sluice.dev.yaml";
                default -> throw new IllegalArgumentException(k);
            };
            try (InputStream in = Converter.class.getResourceAsStream("/crds/" + file)) {
                JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
                return crd.at("/spec/versions/0/schema/openAPIV3Schema");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
