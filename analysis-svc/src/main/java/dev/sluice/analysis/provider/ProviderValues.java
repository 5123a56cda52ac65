package dev.sluice.analysis.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversions every provider needs: JSON to plain Java values, and values to the text shown in status. */
public final class ProviderValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private ProviderValues() {
    }

    /**
     * A provider's look-back {@code interval} as Argo writes it: {@code 30s}, {@code 5m}, {@code 1h30m},
     * {@code 500ms}, {@code 1d}; positive only, else empty.
     */
    public static Optional<Duration> positiveDuration(String text) {
        String s = text.strip();
        Matcher m = DURATION_PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        return !s.isEmpty() && end == s.length() && !total.isZero() ? Optional.of(total) : Optional.empty();
    }

    /** JSON as Map / List / Long / Double / String / Boolean / null. */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(toJava(n)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), toJava(f.getValue()));
        }
        return out;
    }

    /** A value as shown in status and events: numbers without noise, NaN and ±Inf spelled as Prometheus does, JSON otherwise. */
    public static String display(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ",").append(display(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }

    public static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /**
     * A timeout given as seconds (a number or a string of digits, as after {@code {{args}}} substitution) or as a
     * duration ({@code 30s}); null when absent, not positive or unreadable.
     */
    public static java.time.Duration seconds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.asText().strip();
        if (text.matches("\\d+")) {
            long n = Long.parseLong(text);
            return n > 0 ? java.time.Duration.ofSeconds(n) : null;
        }
        java.time.Duration d = dev.sluice.analysis.core.GoDuration.parse(text);
        return d == null || d.isZero() ? null : d;
    }

    /** A string field of a provider block, or null. */
    public static String text(JsonNode config, String field) {
        JsonNode n = config == null ? null : config.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
