package dev.sluice.analysis.provider.prometheus;

/** PromQL text helpers. */
public final class PromQl {
    private PromQl() {
    }

    /**
     * Escapes a value for a PromQL string literal, so a substituted value stays one label value and cannot
     * close the string and change the query's shape. Quotes become hex escapes ({@code \x22}, {@code \x27}),
     * valid in both double- and single-quoted strings (PromQL only accepts the enclosing quote escaped).
     * Backtick raw strings take no escapes: templates should not put args inside them.
     */
    public static String escapeString(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\x22");
                case '\'' -> b.append("\\x27");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Escapes a value for use inside a regex label matcher ({@code =~"..."}): regex metacharacters, then the string. */
    public static String escapeRegex(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return escapeString(b.toString());
    }
}
