package dev.sluice.hygiene;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workload the rules judge (a Deployment, StatefulSet or Rollout with its pod template) and the facts around it:
 * the PodDisruptionBudgets that select its pods, the HorizontalPodAutoscaler that scales it, whether a Service sends
 * it requests, and the shutdown allowance its app needs.
 *
 * @param workload the Deployment, StatefulSet or Rollout
 * @param template its pod template ({@code spec.template}, or the referenced Deployment's for a Rollout's workloadRef)
 * @param budgets every PodDisruptionBudget in its namespace whose selector picks the template's labels
 * @param autoscaler the HorizontalPodAutoscaler whose scaleTargetRef names it
 * @param selectedByService whether a Service (in the input, or named by a Rollout's strategy) sends requests to the pods
 */
public record Subject(Manifest workload, JsonNode template, List<Manifest> budgets, Optional<Manifest> autoscaler,
        boolean selectedByService) {

    /** The app's own graceful shutdown, seconds, when the workload does not state it. */
    public static final long DEFAULT_SHUTDOWN_SECONDS = 10;
    /** Annotation that states the app's graceful shutdown in seconds (e.g. Quarkus' shutdown timeout). */
    public static final String SHUTDOWN_ANNOTATION = "lint.sluice.dev/shutdown-seconds";
    /** Kubernetes' default when {@code terminationGracePeriodSeconds} is not set. */
    public static final long DEFAULT_GRACE_SECONDS = 30;

    public JsonNode spec() {
        return workload.object().path("spec");
    }

    public JsonNode podSpec() {
        return template.path("spec");
    }

    public Map<String, String> podLabels() {
        return strings(template.path("metadata").path("labels"));
    }

    public boolean isRollout() {
        return workload.kind().equals("Rollout");
    }

    /** {@code spec.replicas} as written, empty when unset. */
    public Optional<Integer> declaredReplicas() {
        JsonNode r = spec().path("replicas");
        return r.canConvertToInt() && r.isNumber() ? Optional.of(r.asInt()) : Optional.empty();
    }

    /** The replicas that run at the quietest time: the HPA's minReplicas (default 1), else spec.replicas (default 1). */
    public int replicas() {
        if (autoscaler.isPresent()) {
            JsonNode min = autoscaler.get().object().path("spec").path("minReplicas");
            return min.isNumber() ? min.asInt() : 1;
        }
        return declaredReplicas().orElse(1);
    }

    /** The field replicas() came from, for messages. */
    public String replicasSource() {
        return autoscaler.map(h -> h.describe() + " spec.minReplicas").orElse("spec.replicas");
    }

    public List<Container> containers() {
        List<Container> result = new ArrayList<>();
        JsonNode list = podSpec().path("containers");
        for (int i = 0; i < list.size(); i++) {
            result.add(new Container(list.get(i)));
        }
        return result;
    }

    /** Whether a container declares a port: the pod takes requests. */
    public boolean declaresPorts() {
        return containers().stream().anyMatch(c -> c.node().path("ports").size() > 0);
    }

    /** Whether requests reach the pods: a container declares a port, a Service selects them, or a Rollout names one. */
    public boolean served() {
        return declaresPorts() || selectedByService || namesService();
    }

    /** A Rollout whose strategy names its Services (stable/canary, active/preview). */
    public boolean namesService() {
        JsonNode strategy = spec().path("strategy");
        return isRollout() && (strategy.path("canary").hasNonNull("stableService")
                || strategy.path("canary").hasNonNull("canaryService")
                || strategy.path("blueGreen").hasNonNull("activeService"));
    }

    /** The containers that take requests: those declaring a port, or every container of a served pod that declares none. */
    public List<Container> servingContainers() {
        if (declaresPorts()) {
            return containers().stream().filter(c -> c.node().path("ports").size() > 0).toList();
        }
        return served() ? containers() : List.of();
    }

    public long shutdownSeconds() {
        String stated = workload.annotation(SHUTDOWN_ANNOTATION);
        return stated != null && stated.strip().matches("[0-9]+") ? Long.parseLong(stated.strip()) : DEFAULT_SHUTDOWN_SECONDS;
    }

    public long gracePeriodSeconds() {
        JsonNode grace = podSpec().path("terminationGracePeriodSeconds");
        return grace.isNumber() ? grace.asLong() : DEFAULT_GRACE_SECONDS;
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    /** A container of the pod template. */
    public record Container(JsonNode node) {
        public String name() {
            return node.path("name").asText();
        }

        /** {@code spec.template.spec.containers[web]} */
        public String path() {
            return "spec.template.spec.containers[" + name() + "]";
        }

        public JsonNode probe(String kind) {
            return node.path(kind);
        }

        public boolean has(String field) {
            return node.hasNonNull(field);
        }
    }
}
