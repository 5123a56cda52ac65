package dev.sluice.api.values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * The one duration parser of Sluice, with Go's {@code time.ParseDuration} rules, which Argo Rollouts and Flagger
 * users write everywhere: an optional sign, then one or more decimal numbers each with a unit ({@code ns}, {@code us},
 * {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 30s}, {@code 1h30m}, {@code 1.5m},
 * {@code 250ms}; {@code 0} alone is zero. A number without a unit is not a duration, except where a field also
 * accepts plain seconds (Argo's {@code pause.duration}, an IntOrString): see {@link #parse(String, boolean)}.
 * The largest duration is Go's, {@code 2562047h47m16.854775807s}; anything larger, malformed or negative is a
 * {@link Parsed#problem() problem} (a sentence), never an exception.
 */
public final class GoDuration {
    /** Go's largest duration: 2^63 - 1 nanoseconds. */
    public static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Map<String, BigDecimal> UNIT_NANOS = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "µs", BigDecimal.valueOf(1_000L),
            "μs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));

    private GoDuration() {
    }

    /** A parsed duration ({@code problem} null) or why the text is not one ({@code value} null). */
    public record Parsed(Duration value, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Go rules, not negative, no plain numbers. */
    public static Parsed parse(String text) {
        return parse(text, false);
    }

    /**
     * Go rules, not negative; with {@code plainSeconds} a whole number without unit is seconds (Argo's
     * {@code pause.duration: 60}). Blank text is a problem; callers treat an absent field before calling.
     */
    public static Parsed parse(String text, boolean plainSeconds) {
        if (text == null || text.isBlank()) {
            return bad("is empty; write a duration like 30s, 5m or 1h30m");
        }
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            if (t.equals("0")) {
                return new Parsed(Duration.ZERO, null);
            }
            if (!plainSeconds) {
                return bad("'" + t + "' has no unit; write " + t + "s (durations need a unit, as in Go, Argo and Flagger)");
            }
            return within(new BigDecimal(new BigInteger(t)).multiply(UNIT_NANOS.get("s")), t);
        }
        boolean negative = false;
        int i = 0;
        if (t.charAt(0) == '-' || t.charAt(0) == '+') {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        if (i == t.length()) {
            return notADuration(t);
        }
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            String number = t.substring(start, i);
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                i++;
            }
            BigDecimal unit = UNIT_NANOS.get(t.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || number.chars().filter(c -> c == '.').count() > 1 || unit == null) {
                return notADuration(t);
            }
            nanos = nanos.add(new BigDecimal(number).multiply(unit));
            if (nanos.compareTo(new BigDecimal(MAX_NANOS)) > 0) {
                return tooLarge(t);
            }
        }
        if (negative && nanos.signum() != 0) {
            return bad("'" + t + "' is negative; a duration here must be 0 or more");
        }
        return within(nanos, t);
    }

    private static Parsed within(BigDecimal nanos, String t) {
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            return tooLarge(t);
        }
        return new Parsed(Duration.ofNanos(whole.longValueExact()), null);
    }

    private static Parsed notADuration(String t) {
        return bad("'" + t + "' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
    }

    private static Parsed tooLarge(String t) {
        return bad("'" + t + "' is too long; the longest duration is 2562047h (about 292 years)");
    }

    private static Parsed bad(String problem) {
        return new Parsed(null, problem);
    }

    /** The shortest readable form: 90 s gives {@code 1m30s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long h = d.toHours();
        if (h > 0) out.append(h).append('h');
        if (d.toMinutesPart() > 0) out.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) out.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) out.append(d.toMillisPart()).append("ms");
        return out.isEmpty() ? d.toNanos() + "ns" : out.toString();
    }
}
