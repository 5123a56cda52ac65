package dev.sluice.controller.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZeroDowntimeConditionTest {
    static final Finding ERROR = new Finding("replicas", Severity.ERROR, "cluster", "Rollout shop/web", "spec.replicas", "1: a drain");
    static final Finding WARNING = new Finding("spread", Severity.WARNING, "cluster", "Rollout shop/web",
            "spec.template.spec.topologySpreadConstraints", "nothing spreads");
    static final Finding ON_BUDGET = new Finding("pdb-allows-drain", Severity.ERROR, "cluster", "PodDisruptionBudget shop/web",
            "spec.maxUnavailable", "0 allows no eviction");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no findings is True", List.of(), true, "NoFindings", "the zero-downtime rules find nothing"),
                Arguments.of("an error is False with reason Errors", List.of(ERROR, WARNING), false, "Errors",
                        "1 error(s), 1 warning(s): error replicas: spec.replicas: 1: a drain; warning spread: "
                                + "spec.template.spec.topologySpreadConstraints: nothing spreads"),
                Arguments.of("warnings alone are False with reason Warnings", List.of(WARNING), false, "Warnings",
                        "0 error(s), 1 warning(s): warning spread"),
                Arguments.of("a finding on another object names it", List.of(ON_BUDGET), false, "Errors",
                        "error pdb-allows-drain: spec.maxUnavailable: 0 allows no eviction (PodDisruptionBudget shop/web)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_condition_says_every_finding(String behaviour, List<Finding> findings, boolean status, String reason, String message) {
        ZeroDowntimeCondition condition = ZeroDowntimeCondition.of(findings);

        assertThat(condition.status()).isEqualTo(status);
        assertThat(condition.reason()).isEqualTo(reason);
        assertThat(condition.message()).contains(message).doesNotContain("\n");
    }
}
