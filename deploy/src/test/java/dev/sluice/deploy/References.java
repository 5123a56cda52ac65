package dev.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names a Deployment depends on - its ServiceAccount, ConfigMaps, Secrets - that nothing in the install creates. A
 * pod with a missing reference never starts. Strimzi creates a Secret per KafkaUser (same name) and
 * {@code <cluster>-cluster-ca-cert} per Kafka; those count as created. A Secret key marked {@code optional} is not
 * needed (the pod starts without it). A pure function over rendered documents.
 */
final class References {
    private References() {
    }

    static List<String> missing(List<JsonNode> docs) {
        Set<String> created = new HashSet<>();
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            String name = doc.at("/metadata/name").asText();
            switch (kind) {
                case "KafkaUser" -> created.add("Secret " + name);
                case "Kafka" -> created.add("Secret " + name + "-cluster-ca-cert");
                default -> created.add(kind + " " + name);
            }
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (!doc.path("kind").asText().equals("Deployment")) {
                continue;
            }
            JsonNode pod = doc.at("/spec/template/spec");
            List<String> wanted = new ArrayList<>();
            wanted.add("ServiceAccount " + pod.path("serviceAccountName").asText("default"));
            pod.path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    wanted.add("ConfigMap " + v.at("/configMap/name").asText());
                }
                if (v.has("secret")) {
                    wanted.add("Secret " + v.at("/secret/secretName").asText());
                }
            });
            for (JsonNode container : pod.path("containers")) {
                container.path("envFrom").forEach(e -> {
                    if (e.has("configMapRef")) {
                        wanted.add("ConfigMap " + e.at("/configMapRef/name").asText());
                    }
                    if (e.has("secretRef")) {
                        wanted.add("Secret " + e.at("/secretRef/name").asText());
                    }
                });
                container.path("env").forEach(e -> {
                    if (e.at("/valueFrom/configMapKeyRef").isObject()) {
                        wanted.add("ConfigMap " + e.at("/valueFrom/configMapKeyRef/name").asText());
                    }
                    if (e.at("/valueFrom/secretKeyRef").isObject() && !e.at("/valueFrom/secretKeyRef/optional").asBoolean()) {
                        wanted.add("Secret " + e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                });
            }
            wanted.stream().filter(w -> !created.contains(w))
                    .forEach(w -> missing.add("Deployment " + doc.at("/metadata/name").asText() + " needs " + w + ", which the install does not create"));
        }
        return missing;
    }
}
