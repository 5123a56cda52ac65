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
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles metric conditions: CEL over the variable {@code result}, with the helpers Argo Rollouts users
 * know: {@code isNaN(x)}, {@code isInf(x)}, {@code isNil(x)}, {@code default(x, fallback)}, {@code asInt(x)},
 * {@code asFloat(x)}. CEL is sandboxed (no Java calls) and macro iterations are capped. Thread-safe; compile
 * once per run and evaluate many times.
 *
 * <p>{@code default(x, fallback)} returns {@code fallback} when {@code x} is null, NaN, or an empty list or
 * string (an empty Prometheus vector), so {@code default(result, [0.0])[0] >= 0.99} reads "no data = 0".
 */
public final class ConditionCompiler {
    private static final int MAX_ITERATIONS = 10_000;

    private final Cel cel;

    public ConditionCompiler() {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .enableOptionalSyntax(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build();
        cel = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.math(options))
                .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.math(options))
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
                                CelOverloadDecl.newGlobalOverload("sluice_asFloat_dyn", SimpleType.DOUBLE, SimpleType.DYN)))
                .addFunctionBindings(
                        CelFunctionBinding.from("sluice_isNaN_dyn", Object.class,
                                x -> x instanceof Double d && d.isNaN()),
                        CelFunctionBinding.from("sluice_isInf_dyn", Object.class,
                                x -> x instanceof Double d && d.isInfinite()),
                        CelFunctionBinding.from("sluice_isNil_dyn", Object.class, ConditionCompiler::isNil),
                        CelFunctionBinding.from("sluice_default_dyn_dyn", Object.class, Object.class,
                                (x, fallback) -> isNil(x) || isEmpty(x) || x instanceof Double d && d.isNaN() ? fallback : x),
                        CelFunctionBinding.from("sluice_asInt_dyn", Object.class, ConditionCompiler::asInt),
                        CelFunctionBinding.from("sluice_asFloat_dyn", Object.class, ConditionCompiler::asFloat))
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
