package dev.sluice.notify.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One notifications ConfigMap, read: its services (settings with {@code $key} references into the Secret not yet
 * resolved), its templates and its default subscriptions, plus every problem found (a bad entry is skipped and
 * named, the rest still works). Keys, as in Argo's {@code argo-rollouts-notification-configmap}:
 * <ul>
 * <li>{@code service.slack}, {@code service.teams}, {@code service.discord}, {@code service.googlechat},
 * {@code service.email}, {@code service.webhook.<name>}: YAML settings of a service;</li>
 * <li>{@code template.<trigger>}: a Qute template of the headline; {@code template.<trigger>.<service>}: a Qute
 * template of the whole request body (email: the text);</li>
 * <li>{@code subscriptions}: YAML list of {@code {recipients: [service:recipient...], triggers: [...]}}.</li>
 * </ul>
 */
public record NotifyConfig(Map<String, Service> services, Map<String, String> templates,
        List<Subscription> subscriptions, List<String> problems) {

    /** A configured service: its name in subscriptions ({@code slack}, or a webhook's own name) and its settings. */
    public record Service(String name, ServiceKind kind, JsonNode settings) {
    }

    public static final NotifyConfig EMPTY = new NotifyConfig(Map.of(), Map.of(), List.of(), List.of());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static NotifyConfig parse(String origin, Map<String, String> data) {
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        List<Subscription> subscriptions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (data == null) {
            return EMPTY;
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(data).entrySet()) {
            String key = e.getKey();
            if (key.startsWith("service.")) {
                String rest = key.substring("service.".length());
                String kindKey = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                Optional<ServiceKind> kind = ServiceKind.byKey(kindKey);
                if (kind.isEmpty()) {
                    problems.add(origin + " " + key + ": unknown service '" + kindKey + "' (known: slack, teams, discord, googlechat, webhook.<name>, email)");
                    continue;
                }
                String name = kind.get() == ServiceKind.WEBHOOK ? rest.substring(Math.min(rest.length(), "webhook.".length())) : kindKey;
                if (name.isBlank()) {
                    problems.add(origin + " " + key + ": a webhook needs a name, service.webhook.<name>");
                    continue;
                }
                readYaml(origin, key, e.getValue(), problems).ifPresent(node -> {
                    if (!node.isObject()) {
                        problems.add(origin + " " + key + ": settings are not a YAML mapping");
                    } else {
                        services.put(name, new Service(name, kind.get(), node));
                    }
                });
            } else if (key.startsWith("template.")) {
                templates.put(key.substring("template.".length()), e.getValue());
            } else if (key.equals("subscriptions")) {
                readYaml(origin, key, e.getValue(), problems).ifPresent(node -> subscriptions.addAll(defaults(origin, node, problems)));
            }
        }
        return new NotifyConfig(Map.copyOf(services), Map.copyOf(templates), List.copyOf(subscriptions), List.copyOf(problems));
    }

    private static List<Subscription> defaults(String origin, JsonNode list, List<String> problems) {
        List<Subscription> out = new ArrayList<>();
        if (!list.isArray()) {
            problems.add(origin + " subscriptions: not a YAML list");
            return out;
        }
        int i = 0;
        for (JsonNode entry : list) {
            String where = origin + " subscriptions[" + i++ + "]";
            List<Trigger> triggers = new ArrayList<>();
            for (JsonNode t : entry.path("triggers")) {
                Trigger.byKey(t.asText()).ifPresentOrElse(triggers::add,
                        () -> problems.add(where + ": unknown trigger '" + t.asText() + "'"));
            }
            if (!entry.path("triggers").isArray() || entry.path("triggers").isEmpty()) {
                problems.add(where + ": no triggers");
            }
            for (JsonNode r : entry.path("recipients")) {
                String text = r.asText();
                int colon = text.indexOf(':');
                String service = colon < 0 ? text : text.substring(0, colon);
                String recipient = colon < 0 ? "" : text.substring(colon + 1).trim();
                triggers.forEach(t -> out.add(new Subscription(t, service.trim(), recipient)));
            }
        }
        return out;
    }

    private static Optional<JsonNode> readYaml(String origin, String key, String text, List<String> problems) {
        try {
            JsonNode node = YAML.readTree(text == null ? "" : text);
            return Optional.of(node == null || node.isMissingNode() ? YAML.createObjectNode() : node);
        } catch (java.io.IOException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            problems.add(origin + " " + key + ": not YAML: " + message);
            return Optional.empty();
        }
    }
}
