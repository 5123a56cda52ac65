package dev.sluice.analysis.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{args.NAME}}} substitution in every string of a provider block (and in conditions and durations). */
public final class Args {
    static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

    private Args() {
    }

    /**
     * Replaces every reference in {@code text}; a name without a value is added to {@code missing} and the
     * reference is left as it was.
     *
     * @param escape turns a value into text safe at this place (e.g. PromQL string escaping); identity for most
     */
    public static String substitute(String text, Map<String, String> values, java.util.function.UnaryOperator<String> escape,
            Set<String> missing) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                missing.add(name);
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A deep copy of {@code node} with every string substituted. {@code escape} receives the JSON path of the
     * string ({@code query}, {@code headers[0].value}) and the value.
     */
    public static JsonNode substitute(JsonNode node, Map<String, String> values, BiFunction<String, String, String> escape,
            Set<String> missing) {
        return copy(node, "", values, escape, missing);
    }

    private static JsonNode copy(JsonNode node, String path, Map<String, String> values,
            BiFunction<String, String, String> escape, Set<String> missing) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.textValue(), values, v -> escape.apply(path, v), missing));
        }
        if (node.isObject()) {
            ObjectNode out = ((ObjectNode) node).objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.set(f.getKey(), copy(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), values,
                        escape, missing));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = ((ArrayNode) node).arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(copy(node.get(i), path + "[" + i + "]", values, escape, missing));
            }
            return out;
        }
        return node.deepCopy();
    }
}
