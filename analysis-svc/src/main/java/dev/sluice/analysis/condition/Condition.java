package dev.sluice.analysis.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A compiled {@code successCondition} or {@code failureCondition}: evaluate it as often as needed. */
public final class Condition {
    private final String expression;
    private final CelRuntime.Program program;

    Condition(String expression, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    public String expression() {
        return expression;
    }

    /** The outcome of evaluating a condition over one result. */
    public sealed interface Outcome {
        record Holds(boolean value) implements Outcome {
        }

        /** The expression failed on this result (a missing index or key, a non-boolean answer, ...). */
        record Failed(String message) implements Outcome {
        }
    }

    /** Evaluates over {@code result} (already converted with {@link CelValues#of}). */
    public Outcome evaluate(Object result) {
        Object value;
        try {
            value = program.eval(Map.of("result", result));
        } catch (CelEvaluationException e) {
            return new Outcome.Failed("condition '" + expression + "' failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.Failed("condition '" + expression + "' failed: " + e);
        }
        if (value instanceof Boolean b) {
            return new Outcome.Holds(b);
        }
        return new Outcome.Failed("condition '" + expression + "' returned " + describe(value) + ", not a boolean");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        return value.getClass().getSimpleName() + " " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }
}
