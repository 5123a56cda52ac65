package dev.sluice.hygiene;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fixtures of the rules and of the admission policies: the hardened workload of {@code fixtures/hardened.yaml}
 * (a Deployment, its PodDisruptionBudget and its Service) and, per case, one change to a copy of it with the rule ids
 * that change must (and must only) trigger. Every rule has at least one failing and one passing case.
 */
final class Fixtures {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A fixture: a sentence, the rules it breaks (empty: it passes all), and how it differs from the hardened one. */
    record Case(String name, List<String> rules, Consumer<List<ObjectNode>> change) {
        List<ObjectNode> documents() {
            List<ObjectNode> docs = hardened();
            change.accept(docs);
            return docs;
        }

        List<Manifest> manifests() {
            return documents().stream().map(d -> new Manifest("fixture.yaml", d)).toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {
    }

    static List<Case> cases() {
        return List.of(
                pass("a hardened Deployment with its budget and Service has no findings", d -> { }),
                fail("a serving container without a readiness probe", "readiness-probe",
                        remove("Deployment", "/spec/template/spec/containers/0/readinessProbe")),
                fail("a portless container behind a Service without a readiness probe", "readiness-probe",
                        remove("Deployment", "/spec/template/spec/containers/0/readinessProbe"),
                        remove("Deployment", "/spec/template/spec/containers/0/livenessProbe"),
                        remove("Deployment", "/spec/template/spec/containers/0/ports")),
                pass("a worker without ports nor a Service needs neither readiness probe nor preStop",
                        remove("Deployment", "/spec/template/spec/containers/0/readinessProbe"),
                        remove("Deployment", "/spec/template/spec/containers/0/livenessProbe"),
                        remove("Deployment", "/spec/template/spec/containers/0/lifecycle"),
                        remove("Deployment", "/spec/template/spec/containers/0/ports"), drop("Service")),
                fail("a serving container without a preStop hook", "prestop-hook",
                        remove("Deployment", "/spec/template/spec/containers/0/lifecycle")),
                pass("an exec preStop hook sleeping 5 s", set("Deployment", "/spec/template/spec/containers/0/lifecycle/preStop",
                        "{exec: {command: [sleep, '5']}}")),
                fail("a grace period equal to preStop sleep plus shutdown", "grace-period",
                        set("Deployment", "/spec/template/spec/terminationGracePeriodSeconds", "25")),
                fail("a shell preStop sleep of 30 s in a 35 s grace period", "grace-period",
                        set("Deployment", "/spec/template/spec/containers/0/lifecycle/preStop",
                                "{exec: {command: [/bin/sh, -c, sleep 30]}}")),
                pass("a shell preStop that sleeps 5 s and then does more",
                        set("Deployment", "/spec/template/spec/containers/0/lifecycle/preStop",
                                "{exec: {command: [/bin/sh, -c, 'sleep 5; kill -TERM 1']}}")),
                fail("a shell preStop sleeping 20 s before more, in a 35 s grace period with a 20 s shutdown", "grace-period",
                        set("Deployment", "/spec/template/spec/containers/0/lifecycle/preStop",
                                "{exec: {command: [sh, -c, 'sleep 20 && nginx -s quit']}}")),
                fail("the default 10 s shutdown and a 5 s sleep in a 12 s grace period", "grace-period",
                        remove("Deployment", "/metadata/annotations"),
                        set("Deployment", "/spec/template/spec/terminationGracePeriodSeconds", "12")),
                pass("the default 30 s grace period covers a 5 s sleep and a 20 s shutdown",
                        remove("Deployment", "/spec/template/spec/terminationGracePeriodSeconds")),
                fail("maxUnavailable 1 at 3 replicas", "rolling-update",
                        set("Deployment", "/spec/strategy/rollingUpdate/maxUnavailable", "1")),
                fail("maxUnavailable 50% at 3 replicas", "rolling-update",
                        set("Deployment", "/spec/strategy/rollingUpdate/maxUnavailable", "50%")),
                fail("the Recreate strategy", "rolling-update", set("Deployment", "/spec/strategy", "{type: Recreate}")),
                pass("the default strategy (25% of 3 rounds to 0 unavailable, 1 surge)", remove("Deployment", "/spec/strategy")),
                pass("maxUnavailable 1 at 4 replicas", set("Deployment", "/spec/replicas", "4"),
                        set("Deployment", "/spec/strategy/rollingUpdate/maxUnavailable", "1")),
                pass("a maxUnavailable that is neither a count nor a percentage is left to the API server",
                        set("Deployment", "/spec/strategy/rollingUpdate/maxUnavailable", "lots")),
                fail("one replica", "replicas", set("Deployment", "/spec/replicas", "1")),
                fail("replicas unset (one)", "replicas", remove("Deployment", "/spec/replicas")),
                pass("zero replicas (a parked workload)", set("Deployment", "/spec/replicas", "0")),
                fail("no PodDisruptionBudget", "pdb-present", drop("PodDisruptionBudget")),
                fail("a PodDisruptionBudget in another namespace", "pdb-present",
                        set("PodDisruptionBudget", "/metadata/namespace", "other")),
                fail("a budget of maxUnavailable 0", "pdb-allows-drain", set("PodDisruptionBudget", "/spec/maxUnavailable", "0")),
                fail("a budget whose minAvailable equals the replicas", "pdb-allows-drain",
                        remove("PodDisruptionBudget", "/spec/maxUnavailable"), set("PodDisruptionBudget", "/spec/minAvailable", "3")),
                fail("a budget of minAvailable 100%", "pdb-allows-drain",
                        remove("PodDisruptionBudget", "/spec/maxUnavailable"), set("PodDisruptionBudget", "/spec/minAvailable", "100%")),
                pass("a budget of minAvailable 2 at 3 replicas",
                        remove("PodDisruptionBudget", "/spec/maxUnavailable"), set("PodDisruptionBudget", "/spec/minAvailable", "2")),
                fail("two budgets over the same pods", "pdb-allows-drain", duplicate("PodDisruptionBudget", "/metadata/name", "web-2")),
                fail("an HPA of minReplicas 1", "hpa-min-replicas", add(HPA.formatted(1))),
                fail("an HPA of minReplicas 2 over a budget of minAvailable 2", "hpa-min-replicas,pdb-allows-drain",
                        add(HPA.formatted(2)), remove("PodDisruptionBudget", "/spec/maxUnavailable"),
                        set("PodDisruptionBudget", "/spec/minAvailable", "2")),
                pass("an HPA of minReplicas 3 over a budget of maxUnavailable 1", add(HPA.formatted(3))),
                fail("a liveness probe identical to the readiness probe", "liveness-probe",
                        set("Deployment", "/spec/template/spec/containers/0/livenessProbe",
                                "{httpGet: {path: /ready, port: http}, periodSeconds: 5, failureThreshold: 3}")),
                pass("a liveness probe on the readiness endpoint with a higher failure threshold",
                        set("Deployment", "/spec/template/spec/containers/0/livenessProbe",
                                "{httpGet: {path: /ready, port: http}, periodSeconds: 10, failureThreshold: 6}")),
                fail("minReadySeconds unset", "min-ready-seconds", remove("Deployment", "/spec/minReadySeconds")),
                fail("minReadySeconds at the progress deadline", "min-ready-seconds",
                        set("Deployment", "/spec/minReadySeconds", "600")),
                fail("no spread over nodes", "spread", remove("Deployment", "/spec/template/spec/topologySpreadConstraints")),
                fail("a spread constraint selecting other pods", "spread",
                        set("Deployment", "/spec/template/spec/topologySpreadConstraints/0/labelSelector/matchLabels/app", "api")),
                pass("preferred pod anti-affinity per zone instead of a spread constraint",
                        remove("Deployment", "/spec/template/spec/topologySpreadConstraints"),
                        set("Deployment", "/spec/template/spec/affinity", """
                                {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100,
                                  podAffinityTerm: {topologyKey: topology.kubernetes.io/zone, labelSelector: {matchLabels: {app: web}}}}]}}""")),
                fail("no memory request", "resource-requests",
                        remove("Deployment", "/spec/template/spec/containers/0/resources/requests/memory")),
                fail("an image tagged latest", "image-tag",
                        set("Deployment", "/spec/template/spec/containers/0/image", "registry.example.com/shop/web:latest")),
                fail("an untagged image from a registry with a port", "image-tag",
                        set("Deployment", "/spec/template/spec/containers/0/image", "registry.example.com:5000/shop/web")),
                pass("an image pinned by digest", set("Deployment", "/spec/template/spec/containers/0/image",
                        "registry.example.com/shop/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
                fail("a readiness probe on a port name the container does not declare", "probe-port",
                        set("Deployment", "/spec/template/spec/containers/0/readinessProbe/httpGet/port", "web")),
                fail("a liveness probe on an undeclared port number", "probe-port",
                        set("Deployment", "/spec/template/spec/containers/0/livenessProbe/httpGet/port", "9090")),
                pass("a probe on the declared port number",
                        set("Deployment", "/spec/template/spec/containers/0/livenessProbe/httpGet/port", "8080")),
                pass("a rule ignored by the workload's annotation",
                        set("Deployment", "/spec/strategy/rollingUpdate/maxUnavailable", "1"),
                        set("Deployment", "/metadata/annotations/lint.sluice.dev~1ignore", "rolling-update, image-tag")),
                pass("a rule ignored by the budget's annotation", set("PodDisruptionBudget", "/spec/maxUnavailable", "0"),
                        set("PodDisruptionBudget", "/metadata/annotations", "{lint.sluice.dev/ignore: pdb-allows-drain}")),
                pass("a hardened canary Rollout", toRollout("{maxSurge: 1, maxUnavailable: 0, stableService: web, "
                        + "canaryService: web-canary, steps: [{setWeight: 20}, {pause: {}}]}")),
                fail("a canary Rollout of 3 replicas with maxUnavailable 1",
                        "rolling-update", toRollout("{maxUnavailable: 1, stableService: web, canaryService: web-canary}")),
                fail("a Rollout whose workloadRef Deployment has no readiness probe", "readiness-probe",
                        add("""
                                {apiVersion: sluice.dev/v1alpha1, kind: Rollout, metadata: {name: web, namespace: shop,
                                  annotations: {lint.sluice.dev/shutdown-seconds: '20'}}, spec: {replicas: 3, minReadySeconds: 10,
                                  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web},
                                  strategy: {canary: {maxUnavailable: 0, steps: [{setWeight: 50}]}}}}"""),
                        remove("Deployment", "/spec/template/spec/containers/0/readinessProbe")),
                pass("a hardened StatefulSet", d -> {
                    ObjectNode s = first(d, "Deployment");
                    s.put("kind", "StatefulSet");
                    ((ObjectNode) s.get("spec")).remove("strategy");
                    ((ObjectNode) s.get("spec")).put("serviceName", "web");
                }));
    }

    static final String HPA = """
            {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, metadata: {name: web, namespace: shop},
             spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: %d, maxReplicas: 10}}""";

    static List<ObjectNode> hardened() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/hardened.yaml");
                JsonParser parser = YAML.getFactory().createParser(in);
                MappingIterator<ObjectNode> docs = YAML.readValues(parser, ObjectNode.class)) {
            return new ArrayList<>(docs.readAll());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SafeVarargs
    static Case fail(String name, String rules, Consumer<List<ObjectNode>>... changes) {
        return new Case(name, List.of(rules.split(",")), all(changes));
    }

    @SafeVarargs
    static Case pass(String name, Consumer<List<ObjectNode>>... changes) {
        return new Case(name, List.of(), all(changes));
    }

    @SafeVarargs
    private static Consumer<List<ObjectNode>> all(Consumer<List<ObjectNode>>... changes) {
        return docs -> Arrays.stream(changes).forEach(c -> c.accept(docs));
    }

    static ObjectNode first(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    /** Sets the field at a JSON pointer of the first object of a kind to a YAML value, creating parents. */
    static Consumer<List<ObjectNode>> set(String kind, String pointer, String yaml) {
        return docs -> {
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode value = parse(yaml);
            JsonNode parent = first(docs, kind).at(at.head());
            if (parent.isMissingNode()) {
                parent = first(docs, kind).withObject(at.head());
            }
            if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(at.last().getMatchingProperty()), value);
            } else {
                ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
            }
        };
    }

    static Consumer<List<ObjectNode>> remove(String kind, String pointer) {
        return docs -> {
            JsonPointer at = JsonPointer.compile(pointer);
            ((ObjectNode) first(docs, kind).at(at.head())).remove(at.last().getMatchingProperty());
        };
    }

    static Consumer<List<ObjectNode>> drop(String kind) {
        return docs -> docs.remove(first(docs, kind));
    }

    static Consumer<List<ObjectNode>> add(String yaml) {
        return docs -> docs.add((ObjectNode) parse(yaml));
    }

    static Consumer<List<ObjectNode>> duplicate(String kind, String pointer, String value) {
        return docs -> {
            ObjectNode copy = first(docs, kind).deepCopy();
            docs.add(copy);
            set(kind, pointer, value).accept(List.of(copy));
        };
    }

    /** The Deployment becomes a sluice.dev Rollout with this canary strategy. */
    static Consumer<List<ObjectNode>> toRollout(String canary) {
        return docs -> {
            ObjectNode d = first(docs, "Deployment");
            d.put("apiVersion", "sluice.dev/v1alpha1").put("kind", "Rollout");
            ((ObjectNode) d.get("spec")).set("strategy", YAML.createObjectNode().set("canary", parse(canary)));
        };
    }

    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
