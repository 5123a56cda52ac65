package dev.sluice.api.rollout;

import java.util.function.Function;

/** Tolerant parsing for the status enums: a stored value this version does not know never throws. */
final class StatusValues {
    private StatusValues() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, Function<E, String> name, E unknown) {
        for (E e : type.getEnumConstants()) {
            if (e != unknown && name.apply(e).equals(value)) {
                return e;
            }
        }
        return unknown;
    }
}
