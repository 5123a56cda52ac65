package dev.sluice.analysis.condition;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles metric conditions: CEL over the variable {@code result}, with the helpers Argo Rollouts users
 * know: {@code isNaN(x)}, {@code isInf(x)}, {@code isNil(x)}, {@code default(x, fallback)}, {@code asInt(x)},
 * {@code asFloat(x)}. CEL is sandboxed (no Java calls) and macro iterations are capped. Thread-safe; compile
 * once per run and evaluate many times.
 *
 * <p>Limits, so that a condition cannot take the service down: an expression has at most {@value #MAX_EXPRESSION_CHARS}
 * characters; a comprehension ({@code all}, {@code exists}, {@code map}, {@code filter}) at most
 * {@value #MAX_ITERATIONS} iterations; {@code replace} (CEL's, bound here with a size check) refuses to make a string
 * longer than {@value #MAX_STRING_CHARS} characters, so chained replaces that would grow a string exponentially are
 * an evaluation error (an Error measurement) instead of an OutOfMemoryError.
 *
 * <p>{@code default(x, fallback)} returns {@code fallback} when {@code x} is null, NaN, or an empty list or
 * string (an empty Prometheus vector), so {@code default(result, [0.0])[0] >= 0.99} reads "no data = 0".
 */
public final class ConditionCompiler {
    static final int MAX_ITERATIONS = 10_000;
    /** The longest condition accepted (4 KiB). */
    public static final int MAX_EXPRESSION_CHARS = 4096;
    /** The longest string {@code replace} may make (1 Mi characters, the web provider's largest answer). */
    static final int MAX_STRING_CHARS = 1 << 20;

    private final Cel cel;

    public ConditionCompiler() {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .enableOptionalSyntax(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build();
        EnumSet<CelStringExtensions.Function> strings = EnumSet.allOf(CelStringExtensions.Function.class);
        strings.remove(CelStringExtensions.Function.REPLACE);
        cel = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(strings), CelExtensions.math(options))
                .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(strings), CelExtensions.math(options))
                .addVar("result", SimpleType.DYN)
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("isNaN",
                                CelOverloadDecl.newGlobalOverload("sluice_isNaN_dyn", SimpleType.BOOL, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("isInf",
                                CelOverloadDecl.newGlobalOverload("sluice_isInf_dyn", SimpleType.BOOL, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("isNil",
                                CelOverloadDecl.newGlobalOverload("sluice_isNil_dyn", SimpleType.BOOL, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("default",
                                CelOverloadDecl.newGlobalOverload("sluice_default_dyn_dyn", SimpleType.DYN,
                                        SimpleType.DYN, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("asInt",
                                CelOverloadDecl.newGlobalOverload("sluice_asInt_dyn", SimpleType.INT, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("asFloat",
                                CelOverloadDecl.newGlobalOverload("sluice_asFloat_dyn", SimpleType.DOUBLE, SimpleType.DYN)),
                        CelFunctionDecl.newFunctionDeclaration("replace",
                                CelOverloadDecl.newMemberOverload("sluice_string_replace", SimpleType.STRING, SimpleType.STRING,
                                        SimpleType.STRING, SimpleType.STRING),
                                CelOverloadDecl.newMemberOverload("sluice_string_replace_limit", SimpleType.STRING, SimpleType.STRING,
                                        SimpleType.STRING, SimpleType.STRING, SimpleType.INT)))
                .addFunctionBindings(
                        CelFunctionBinding.from("sluice_isNaN_dyn", Object.class,
                                x -> x instanceof Double d && d.isNaN()),
                        CelFunctionBinding.from("sluice_isInf_dyn", Object.class,
                                x -> x instanceof Double d && d.isInfinite()),
                        CelFunctionBinding.from("sluice_isNil_dyn", Object.class, ConditionCompiler::isNil),
                        CelFunctionBinding.from("sluice_default_dyn_dyn", Object.class, Object.class,
                                (x, fallback) -> isNil(x) || isEmpty(x) || x instanceof Double d && d.isNaN() ? fallback : x),
                        CelFunctionBinding.from("sluice_asInt_dyn", Object.class, ConditionCompiler::asInt),
                        CelFunctionBinding.from("sluice_asFloat_dyn", Object.class, ConditionCompiler::asFloat),
                        CelFunctionBinding.from("sluice_string_replace", List.of(String.class, String.class, String.class),
                                a -> replace((String) a[0], (String) a[1], (String) a[2], -1)),
                        CelFunctionBinding.from("sluice_string_replace_limit",
                                List.of(String.class, String.class, String.class, Long.class),
                                a -> replace((String) a[0], (String) a[1], (String) a[2], (Long) a[3])))
                .build();
    }

    /** A compiled condition, or the compile error with line and column. */
    public sealed interface Compiled {
        record Ok(Condition condition) implements Compiled {
        }

        record Invalid(String expression, String error) implements Compiled {
        }
    }

    public Compiled compile(String expression) {
        if (expression != null && expression.length() > MAX_EXPRESSION_CHARS) {
            return new Compiled.Invalid(expression.substring(0, 80) + "…", "the expression has " + expression.length()
                    + " characters, more than the " + MAX_EXPRESSION_CHARS + " allowed");
        }
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            return new Compiled.Ok(new Condition(expression, ast, cel.createProgram(ast)));
        } catch (CelValidationException e) {
            return new Compiled.Invalid(expression, e.getMessage());
        } catch (CelEvaluationException | RuntimeException e) {
            return new Compiled.Invalid(expression, String.valueOf(e.getMessage()));
        }
    }

    /** Convenience for callers that already validated: the condition, or empty for a blank expression. */
    public Optional<Condition> compileOrThrow(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.empty();
        }
        Compiled compiled = compile(expression);
        if (compiled instanceof Compiled.Invalid invalid) {
            throw new IllegalArgumentException("condition '" + expression + "' does not compile: " + invalid.error());
        }
        return Optional.of(((Compiled.Ok) compiled).condition());
    }

    /**
     * CEL's {@code replace} (Go's {@code strings.Replace}: every occurrence, or the first {@code limit}; an empty
     * {@code search} matches before every character and at the end), refusing a result over {@value #MAX_STRING_CHARS}.
     */
    static String replace(String s, String search, String replacement, long limit) throws CelEvaluationException {
        if (limit == 0) {
            return s;
        }
        long occurrences = 0;
        if (search.isEmpty()) {
            occurrences = s.codePointCount(0, s.length()) + 1L;
        } else {
            for (int i = s.indexOf(search); i >= 0; i = s.indexOf(search, i + search.length())) {
                occurrences++;
            }
        }
        if (limit > 0) {
            occurrences = Math.min(occurrences, limit);
        }
        long length = s.length() + occurrences * (replacement.length() - (long) search.length());
        if (length > MAX_STRING_CHARS) {
            throw new CelEvaluationException("replace would make a string of " + length + " characters, more than the "
                    + MAX_STRING_CHARS + " allowed");
        }
        StringBuilder out = new StringBuilder((int) length);
        if (search.isEmpty()) {
            int i = 0;
            long done = 0;
            while (true) {
                if (done < occurrences) {
                    out.append(replacement);
                    done++;
                }
                if (i >= s.length()) {
                    break;
                }
                int cp = s.codePointAt(i);
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return out.toString();
        }
        int from = 0;
        long done = 0;
        for (int i = s.indexOf(search); i >= 0 && done < occurrences; i = s.indexOf(search, from)) {
            out.append(s, from, i).append(replacement);
            from = i + search.length();
            done++;
        }
        return out.append(s, from, s.length()).toString();
    }

    private static boolean isNil(Object x) {
        return x == null || x instanceof NullValue;
    }

    private static boolean isEmpty(Object x) {
        return x instanceof Collection<?> c && c.isEmpty() || x instanceof Map<?, ?> m && m.isEmpty()
                || x instanceof String s && s.isEmpty();
    }

    private static Long asInt(Object x) throws CelEvaluationException {
        if (x instanceof Long l) {
            return l;
        }
        if (x instanceof Double d) {
            return (long) d.doubleValue();
        }
        if (x instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new CelEvaluationException("asInt: '" + s + "' is not an integer");
            }
        }
        throw new CelEvaluationException("asInt: cannot convert " + typeName(x));
    }

    private static Double asFloat(Object x) throws CelEvaluationException {
        if (x instanceof Double d) {
            return d;
        }
        if (x instanceof Long l) {
            return l.doubleValue();
        }
        if (x instanceof String s) {
            try {
                return parseFloat(s);
            } catch (NumberFormatException e) {
                throw new CelEvaluationException("asFloat: '" + s + "' is not a number");
            }
        }
        throw new CelEvaluationException("asFloat: cannot convert " + typeName(x));
    }

    /** Parses a float including Prometheus' spellings {@code NaN}, {@code +Inf}, {@code -Inf}. */
    public static double parseFloat(String s) {
        String t = s.strip();
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(t);
        };
    }

    private static String typeName(Object x) {
        return isNil(x) ? "null" : x instanceof List<?> ? "a list" : x instanceof Map<?, ?> ? "a map" : x.getClass().getSimpleName();
    }
}
