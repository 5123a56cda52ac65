package dev.sluice.cli.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.CelValues;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argo expr conditions rewritten to CEL mean the same: each row is an expr condition, a measured result and the
 * answer Argo's expr gives for it (per expr-lang's documented semantics); the CEL is compiled and evaluated by
 * analysis-svc's own ConditionCompiler and must give the same answer.
 */
class ExprToCelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConditionCompiler CEL = new ConditionCompiler();

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("an index comparison is already CEL", "result[0] >= 0.95", "[0.97]", true, "result[0] >= 0.95"),
                Arguments.of("an index comparison below the bound", "result[0] >= 0.95", "[0.91]", false, "result[0] >= 0.95"),
                Arguments.of("len becomes size", "len(result) > 0", "[1.0, 2.0]", true, "size(result) > 0"),
                Arguments.of("len of an empty result", "len(result) > 0", "[]", false, "size(result) > 0"),
                Arguments.of("all with a braced predicate", "all(result, {# > 0})", "[1, 2, 3]", true, "result.all(x, x > 0)"),
                Arguments.of("all fails on one element", "all(result, {# > 0})", "[1, 0, 3]", false, "result.all(x, x > 0)"),
                Arguments.of("all without braces (Argo's Prometheus docs)", "all(result, # < 1000)", "[10, 999]", true, "result.all(x, x < 1000)"),
                Arguments.of("any becomes exists", "any(result, {# > 5})", "[1, 7]", true, "result.exists(x, x > 5)"),
                Arguments.of("none becomes not exists", "none(result, {# > 5})", "[1, 7]", false, "!result.exists(x, x > 5)"),
                Arguments.of("and with len and all (Argo's CloudWatch docs)", "len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})",
                        "[{\"Values\": [0.001, 0.002, 0.0, 0.01, 0.005]}]", true, "size(result[0].Values) >= 5 && result[0].Values.all(x, x <= 0.01)"),
                Arguments.of("the CloudWatch condition with one value too high", "len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})",
                        "[{\"Values\": [0.001, 0.002, 0.02, 0.01, 0.005]}]", false,
                        "size(result[0].Values) >= 5 && result[0].Values.all(x, x <= 0.01)"),
                Arguments.of("a field shorthand in a predicate", "all(result, {.value >= 9900})", "[{\"value\": 9950}]", true,
                        "result.all(x, x.value >= 9900)"),
                Arguments.of("or and not", "not (result[0] < 0.5) or result[1] == 1", "[0.2, 1]", true, "!(result[0] < 0.5) || result[1] == 1"),
                Arguments.of("default is a Sluice helper", "default(result, 0) < 10", "null", true, "default(result, 0) < 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void translates_and_means_the_same(String sentence, String expr, String result, boolean argoAnswer, String expectedCel) throws Exception {
        ExprToCel.Translation t = ExprToCel.translate(expr);
        assertThat(t.cel()).isEqualTo(expectedCel);
        assertThat(t.problems()).isEmpty();
        ConditionCompiler.Compiled compiled = CEL.compile(t.cel());
        assertThat(compiled).isInstanceOf(ConditionCompiler.Compiled.Ok.class);
        Condition.Outcome outcome = ((ConditionCompiler.Compiled.Ok) compiled).condition()
                .evaluate(CelValues.of(JSON.readValue(result, Object.class)));
        assertThat(outcome).isEqualTo(new Condition.Outcome.Holds(argoAnswer));
    }

    static Stream<Arguments> flagged() {
        return Stream.of(
                Arguments.of("max has no CEL form here", "max(result) < 0.05", "expr function 'max'"),
                Arguments.of("nil coalescing is flagged", "(result ?? 0) < 5", "'??'"),
                Arguments.of("sum is flagged", "sum(result) > 3", "expr function 'sum'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flagged")
    void flags_what_it_cannot_translate(String sentence, String expr, String problem) {
        assertThat(ExprToCel.translate(expr).problems()).anySatisfy(p -> assertThat(p).contains(problem));
    }
}
