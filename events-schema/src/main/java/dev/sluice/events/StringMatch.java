package dev.sluice.events;

/** One string condition, Argo's and Istio's {@code StringMatch}: exactly one of exact, prefix, regex. */
public record StringMatch(String exact, String prefix, String regex) {

    public static StringMatch exact(String value) {
        return new StringMatch(value, null, null);
    }

    public static StringMatch prefix(String value) {
        return new StringMatch(null, value, null);
    }

    public static StringMatch regex(String value) {
        return new StringMatch(null, null, value);
    }

    /** How many of exact, prefix and regex are set; a valid match sets exactly one. */
    public int kinds() {
        return (exact == null ? 0 : 1) + (prefix == null ? 0 : 1) + (regex == null ? 0 : 1);
    }
}
