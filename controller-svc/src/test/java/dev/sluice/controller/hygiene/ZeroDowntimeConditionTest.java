package dev.sluice.controller.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.RolloutStatus;
import dev.sluice.events.ZeroDowntimeFindings;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    static RolloutStatus.Condition carried(String status, String message) {
        RolloutStatus.Condition c = new RolloutStatus.Condition();
        c.type = ZeroDowntimeCondition.TYPE;
        c.status = status;
        c.message = message;
        return c;
    }

    static Stream<Arguments> news() {
        String errorMessage = ZeroDowntimeCondition.of(List.of(ERROR)).message();
        return Stream.of(
                Arguments.of("the first findings are news", List.of(ERROR), Optional.empty(), true),
                Arguments.of("findings after none are news", List.of(ERROR), Optional.of(carried("True", "nothing")), true),
                Arguments.of("the same findings again are not", List.of(ERROR), Optional.of(carried("False", errorMessage)), false),
                Arguments.of("changed findings are news", List.of(ERROR, WARNING), Optional.of(carried("False", errorMessage)), true),
                Arguments.of("no findings are never news", List.of(), Optional.of(carried("False", errorMessage)), false),
                Arguments.of("no findings at first are not news", List.of(), Optional.empty(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("news")
    void findings_are_announced_when_they_change(String behaviour, List<Finding> findings,
            Optional<RolloutStatus.Condition> previous, boolean announced) {
        assertThat(ZeroDowntimeCondition.of(findings).newFindingsSince(previous)).isEqualTo(announced);
    }

    @org.junit.jupiter.api.Test
    void the_event_counts_the_findings_and_orders_them_like_the_lint() {
        ZeroDowntimeFindings event = ZeroDowntimeCondition.event("shop/web", "uid", "7c9f", Instant.EPOCH, List.of(WARNING, ON_BUDGET, ERROR));

        assertThat(event.errors()).isEqualTo(2);
        assertThat(event.warnings()).isEqualTo(1);
        assertThat(event.findings()).extracting(ZeroDowntimeFindings.Finding::rule)
                .containsExactly("pdb-allows-drain", "replicas", "spread");
        assertThat(event.findings().get(0)).isEqualTo(new ZeroDowntimeFindings.Finding("pdb-allows-drain", "error",
                "PodDisruptionBudget shop/web", "spec.maxUnavailable", "0 allows no eviction"));
    }
}
