package dev.sluice.cli.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Argo Rollouts' metric conditions are written in expr (github.com/expr-lang/expr); Sluice evaluates CEL. Most
 * conditions are the same text in both ({@code result[0] >= 0.95}, {@code result == 1}, {@code isNaN(result)}); this
 * rewrites the common forms that differ and says which remain unsafe. Pure.
 * <ul>
 * <li>{@code len(x)} → {@code size(x)}</li>
 * <li>{@code all(x, {# > 0})} or {@code all(x, # > 0)} → {@code x.all(x, x > 0)}, {@code {.f > 0}} → {@code x.f > 0}; {@code any} → {@code exists}; {@code none} → {@code !x.exists(..)};
 * {@code one} → {@code exists_one}; {@code filter}, {@code map} keep their names</li>
 * <li>{@code and}, {@code or}, {@code not} → {@code &&}, {@code ||}, {@code !}</li>
 * </ul>
 */
public final class ExprToCel {
    private static final Set<String> UNSUPPORTED = Set.of("sum", "max", "min", "abs", "count", "mean", "median", "ceil", "floor",
            "round", "float", "string", "upper", "lower", "trim", "split", "join", "first", "last", "keys", "values", "now", "duration",
            "date", "sortBy", "groupBy", "reduce", "findIndex", "find", "toJSON", "fromJSON");
    private static final Pattern CALL = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private ExprToCel() {
    }

    /** The CEL text, whether it changed, and anything in it that CEL does not have (empty = safe). */
    public record Translation(String cel, boolean rewritten, List<String> problems) {
    }

    public static Translation translate(String expr) {
        List<String> problems = new ArrayList<>();
        String cel = rewrite(expr.trim(), problems);
        cel = cel.replaceAll("(?<![\\w.])and(?![\\w])", "&&").replaceAll("(?<![\\w.])or(?![\\w])", "||")
                .replaceAll("(?<![\\w.])not\\s+", "!");
        if (cel.contains("??")) problems.add("'??' (nil coalescing) has no CEL form; use default(x, fallback)");
        if (cel.matches(".*\\d\\s*\\.\\.\\s*\\d.*")) problems.add("ranges 'a..b' have no CEL form");
        if (cel.contains(" matches ")) problems.add("'matches' is a function in CEL: s.matches(re)");
        if (cel.contains("|")) {
            String withoutOr = cel.replace("||", "");
            if (withoutOr.contains("|")) problems.add("pipes '|' have no CEL form");
        }
        var m = CALL.matcher(cel);
        while (m.find()) {
            if (UNSUPPORTED.contains(m.group(1)) && (m.start() == 0 || cel.charAt(m.start() - 1) != '.')) {
                problems.add("expr function '" + m.group(1) + "' has no CEL equivalent in Sluice");
            }
        }
        return new Translation(cel, !cel.equals(expr.trim()), problems.stream().distinct().toList());
    }

    private static String rewrite(String s, List<String> problems) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        var m = CALL.matcher(s);
        while (m.find(i)) {
            String name = m.group(1);
            int open = m.end() - 1;
            int close = matching(s, open);
            boolean method = m.start() > 0 && s.charAt(m.start() - 1) == '.';
            if (close < 0) {
                break;
            }
            List<String> args = splitTopLevel(s.substring(open + 1, close));
            String replaced = null;
            if (!method && name.equals("len") && args.size() == 1) {
                replaced = "size(" + rewrite(args.get(0), problems) + ")";
            } else if (!method && Set.of("all", "any", "none", "one", "filter", "map").contains(name) && args.size() == 2) {
                String target = rewrite(args.get(0).trim(), problems);
                String predicate = args.get(1).trim();
                if (predicate.startsWith("{") && predicate.endsWith("}")) { // expr allows the predicate with or without braces
                    predicate = predicate.substring(1, predicate.length() - 1).trim();
                }
                // '#' is the element; '.field' at the start of an operand is short for '#.field'
                predicate = rewrite(predicate, problems).replaceAll("#(?![\\w])", "x")
                        .replaceAll("(?<![\\w)\\]])\\.([A-Za-z_])", "x.$1");
                replaced = switch (name) {
                    case "all" -> target + ".all(x, " + predicate + ")";
                    case "any" -> target + ".exists(x, " + predicate + ")";
                    case "none" -> "!" + target + ".exists(x, " + predicate + ")";
                    case "one" -> target + ".exists_one(x, " + predicate + ")";
                    default -> target + "." + name + "(x, " + predicate + ")";
                };
            }
            if (replaced != null) {
                out.append(s, i, m.start()).append(replaced);
            } else {
                out.append(s, i, open + 1).append(rewrite(s.substring(open + 1, close), problems)).append(')');
            }
            i = close + 1;
        }
        out.append(s.substring(i));
        return out.toString();
    }

    private static int matching(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote && s.charAt(i - 1) != '\\') quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (--depth == 0) return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
