package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Settings with their Secret references resolved: a string value {@code $key} (Argo's syntax) is the value of
 * {@code key} in the notifications Secret. A missing key is a {@link ServiceApi.ConfigProblem} naming the key, never
 * the value. Pure.
 */
public final class Secrets {
    private Secrets() {
    }

    public static JsonNode resolve(JsonNode settings, Map<String, String> secret, String secretName) throws ServiceApi.ConfigProblem {
        JsonNode copy = settings.deepCopy();
        resolveInPlace(copy, secret, secretName);
        return copy;
    }

    private static void resolveInPlace(JsonNode node, Map<String, String> secret, String secretName) throws ServiceApi.ConfigProblem {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(resolveText(field.getValue().asText(), secret, secretName));
                } else {
                    resolveInPlace(field.getValue(), secret, secretName);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, resolveText(item.asText(), secret, secretName));
                } else {
                    resolveInPlace(item, secret, secretName);
                }
            }
        }
    }

    private static TextNode resolveText(String text, Map<String, String> secret, String secretName) throws ServiceApi.ConfigProblem {
        if (!text.startsWith("$") || text.length() < 2) {
            return TextNode.valueOf(text);
        }
        String key = text.substring(1);
        String value = secret.get(key);
        if (value == null) {
            throw new ServiceApi.ConfigProblem("key '" + key + "' is not in Secret " + secretName);
        }
        return TextNode.valueOf(value);
    }
}
