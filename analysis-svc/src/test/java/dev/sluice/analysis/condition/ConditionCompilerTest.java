package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionCompilerTest {
    static final ConditionCompiler COMPILER = new ConditionCompiler();

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("a scalar above the threshold holds", "result >= 0.99", 0.995, true),
                Arguments.of("a scalar below the threshold does not hold", "result >= 0.99", 0.98, false),
                Arguments.of("an integer result compares with a double literal", "result >= 0.5", 1L, true),
                Arguments.of("the first element of a vector is compared", "result[0] < 0.01", List.of(0.005, 0.5), true),
                Arguments.of("all() checks every series of a vector", "result.all(x, x >= 0.9)", List.of(0.95, 0.85), false),
                Arguments.of("isNaN recognises NaN", "isNaN(result)", Double.NaN, true),
                Arguments.of("NaN never satisfies a comparison", "result >= 0.0", Double.NaN, false),
                Arguments.of("isInf recognises +Inf", "isInf(result)", Double.POSITIVE_INFINITY, true),
                Arguments.of("isInf is false for a number", "isInf(result)", 3.0, false),
                Arguments.of("isNil recognises a missing value", "isNil(result)", null, true),
                Arguments.of("default replaces an empty vector", "default(result, [0.0])[0] == 0.0", List.of(), true),
                Arguments.of("default replaces NaN", "default(result, 1.0) == 1.0", Double.NaN, true),
                Arguments.of("default keeps a present value", "default(result, 1.0) == 0.5", 0.5, true),
                Arguments.of("asInt parses a string", "asInt(result) == 42", "42", true),
                Arguments.of("asFloat parses a string", "asFloat(result) > 0.9", "0.95", true),
                Arguments.of("asFloat accepts Prometheus' +Inf", "isInf(asFloat(result))", "+Inf", true),
                Arguments.of("a JSON object's fields are readable", "result.ok && result.successPercent >= 0.9",
                        Map.of("ok", true, "successPercent", 0.95), true),
                Arguments.of("optional syntax guards a missing key", "result.?missing.orValue(0) == 0",
                        Map.of("ok", true), true),
                Arguments.of("size() of an empty vector is zero", "size(result) == 0", List.of(), true),
                Arguments.of("replace swaps every occurrence", "result.replace('a', 'xy') == 'xyxyb'", "aab", true),
                Arguments.of("replace with a limit swaps the first ones", "result.replace('a', 'x', 1) == 'xab'", "aab", true),
                Arguments.of("replace with limit 0 changes nothing", "result.replace('a', 'x', 0) == 'aab'", "aab", true),
                Arguments.of("replace of the empty string goes around every character", "result.replace('', '-') == '-a-é-'", "aé", true),
                Arguments.of("replace of a missing string changes nothing", "result.replace('z', 'x') == 'aab'", "aab", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void evaluates(String name, String expression, Object result, boolean expected) {
        Condition condition = COMPILER.compileOrThrow(expression).orElseThrow();
        assertThat(condition.evaluate(CelValues.of(result))).isEqualTo(new Condition.Outcome.Holds(expected));
    }

    @Test
    void a_syntax_error_is_reported_with_its_position() {
        ConditionCompiler.Compiled compiled = COMPILER.compile("result >= ");
        assertThat(compiled).isInstanceOfSatisfying(ConditionCompiler.Compiled.Invalid.class,
                invalid -> assertThat(invalid.error()).contains("1:"));
    }

    @Test
    void an_unknown_function_does_not_compile() {
        assertThat(COMPILER.compile("frobnicate(result)")).isInstanceOf(ConditionCompiler.Compiled.Invalid.class);
    }

    @Test
    void indexing_an_empty_vector_is_a_failed_evaluation_not_an_exception() {
        Condition condition = COMPILER.compileOrThrow("result[0] >= 0.99").orElseThrow();
        assertThat(condition.evaluate(CelValues.of(List.of()))).isInstanceOf(Condition.Outcome.Failed.class);
    }

    @Test
    void a_condition_that_is_not_boolean_is_a_failed_evaluation() {
        Condition condition = COMPILER.compileOrThrow("result + 1.0").orElseThrow();
        assertThat(condition.evaluate(CelValues.of(1.0)))
                .isInstanceOfSatisfying(Condition.Outcome.Failed.class, f -> assertThat(f.message()).contains("not a boolean"));
    }

    @Test
    void chained_replaces_that_would_exhaust_memory_are_a_failed_evaluation() {
        // 10 characters, ten times longer with each replace: 10^10 characters after the ninth (an OutOfMemoryError
        // without the size check: CEL's own replace builds every string)
        String chain = "size(result" + ".replace('a', 'aaaaaaaaaa')".repeat(9) + ") > 0";
        Condition condition = COMPILER.compileOrThrow(chain).orElseThrow();
        assertThat(condition.evaluate(CelValues.of("aaaaaaaaaa")))
                .isInstanceOfSatisfying(Condition.Outcome.Failed.class, f -> assertThat(f.message()).contains("more than the 1048576 allowed"));
    }

    @Test
    void an_expression_longer_than_the_limit_does_not_compile() {
        String longest = "result == '" + "x".repeat(ConditionCompiler.MAX_EXPRESSION_CHARS - 12) + "'";
        assertThat(longest).hasSize(ConditionCompiler.MAX_EXPRESSION_CHARS);
        assertThat(COMPILER.compile(longest)).isInstanceOf(ConditionCompiler.Compiled.Ok.class);
        assertThat(COMPILER.compile(longest + " ")).isInstanceOfSatisfying(ConditionCompiler.Compiled.Invalid.class,
                invalid -> assertThat(invalid.error()).isEqualTo("the expression has 4097 characters, more than the 4096 allowed"));
    }

    @Test
    void a_runaway_comprehension_is_stopped() {
        Condition condition = COMPILER.compileOrThrow("result.all(x, result.all(y, result.all(z, true)))").orElseThrow();
        List<Long> big = java.util.stream.LongStream.range(0, 100).boxed().toList();
        assertThat(condition.evaluate(CelValues.of(big))).isInstanceOf(Condition.Outcome.Failed.class);
    }
}
