package dev.sluice.analysis.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.events.MeasurementPhase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MeasurementJudgeTest {
    static final ConditionCompiler COMPILER = new ConditionCompiler();

    static ProviderResult value(Object v) {
        return new ProviderResult.Value(v, String.valueOf(v));
    }

    static Stream<Arguments> cases() {
        ProviderResult noData = new ProviderResult.NoData("empty vector");
        return Stream.of(
                Arguments.of("success only: a value meeting it succeeds", "result >= 0.99", null, value(0.995), MeasurementPhase.Successful),
                Arguments.of("success only: anything else fails", "result >= 0.99", null, value(0.5), MeasurementPhase.Failed),
                Arguments.of("success only: NaN fails because NaN compares false", "result >= 0.99", null, value(Double.NaN), MeasurementPhase.Failed),
                Arguments.of("failure only: a value meeting it fails", null, "result > 0.05", value(0.2), MeasurementPhase.Failed),
                Arguments.of("failure only: anything else succeeds", null, "result > 0.05", value(0.01), MeasurementPhase.Successful),
                Arguments.of("failure only: NaN succeeds unless guarded", null, "result > 0.05", value(Double.NaN), MeasurementPhase.Successful),
                Arguments.of("failure only guarded with isNaN: NaN fails", null, "isNaN(result) || result > 0.05", value(Double.NaN), MeasurementPhase.Failed),
                Arguments.of("both: success holds and failure does not", "result >= 0.99", "result < 0.9", value(0.995), MeasurementPhase.Successful),
                Arguments.of("both: failure holds", "result >= 0.99", "result < 0.9", value(0.5), MeasurementPhase.Failed),
                Arguments.of("both: neither holds is inconclusive", "result >= 0.99", "result < 0.9", value(0.95), MeasurementPhase.Inconclusive),
                Arguments.of("both: both hold, failure wins", "result > 0.0", "result > 0.0", value(1.0), MeasurementPhase.Failed),
                Arguments.of("neither condition: any value succeeds", null, null, value(0.1), MeasurementPhase.Successful),
                Arguments.of("empty vector indexed without a guard is an error", "result[0] >= 0.99", null, noData, MeasurementPhase.Error),
                Arguments.of("empty vector with default() is judged as the fallback", "default(result, [0.0])[0] >= 0.99", null, noData, MeasurementPhase.Failed),
                Arguments.of("empty vector with a size guard succeeds on failure-only", null, "size(result) > 0 && result[0] > 0.05", noData, MeasurementPhase.Successful),
                Arguments.of("a provider failure is an error whatever the conditions", "true", null, new ProviderResult.Failure("503 from prometheus"), MeasurementPhase.Error),
                Arguments.of("a condition that is not boolean is an error", "result", null, value(0.5), MeasurementPhase.Error),
                Arguments.of("a vector: all series must pass", "result.all(x, x >= 0.9)", null, value(List.of(0.95, 0.91)), MeasurementPhase.Successful));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String name, String success, String failure, ProviderResult result, MeasurementPhase expected) {
        Condition s = COMPILER.compileOrThrow(success).orElse(null);
        Condition f = COMPILER.compileOrThrow(failure).orElse(null);
        MeasurementJudge.Judged judged = MeasurementJudge.judge(s, f, result);
        assertThat(judged.phase()).as(judged.message()).isEqualTo(expected);
        assertThat(judged.message()).isNotBlank();
    }
}
