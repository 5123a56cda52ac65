package dev.sluice.analysis.condition;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a provider's value into what CEL can read: whole numbers become {@code Long} (CEL never matches
 * {@code Integer}), other numbers {@code Double}, Java {@code null} becomes {@code NullValue} (else CEL
 * returns an unknown set instead of an error), maps and lists are converted deeply.
 */
public final class CelValues {
    private CelValues() {
    }

    public static Object of(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.doubleValue();
        }
        if (value instanceof BigDecimal dec) {
            return dec.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), of(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(v -> converted.add(of(v)));
            return converted;
        }
        return String.valueOf(value);
    }
}
