package dev.sluice.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HygieneRulesTest {

    static Stream<Fixtures.Case> cases() {
        return Fixtures.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void each_fixture_triggers_exactly_its_rules(Fixtures.Case fixture) {
        List<Finding> findings = Hygiene.check(fixture.manifests());

        assertThat(findings).extracting(Finding::rule).containsExactlyInAnyOrderElementsOf(fixture.rules());
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.line()).doesNotContain("\n").startsWith(f.object() + " " + f.field() + ": ");
            assertThat(f.object()).matches("(Deployment|StatefulSet|Rollout|PodDisruptionBudget|HorizontalPodAutoscaler) shop/.+");
            assertThat(f.severity()).isEqualTo(Rules.byId(f.rule()).orElseThrow().severity());
        });
    }

    @Test
    void every_rule_has_a_failing_and_a_passing_fixture() {
        Set<String> failing = Fixtures.cases().stream().flatMap(c -> c.rules().stream()).collect(Collectors.toSet());
        assertThat(failing).containsExactlyInAnyOrderElementsOf(Rules.ALL.stream().map(Rule::id).toList());
        // the hardened fixture passes every rule; each rule also has a passing variant of its own field
        assertThat(Fixtures.cases()).filteredOn(c -> c.rules().isEmpty()).hasSizeGreaterThan(Rules.ALL.size() / 2);
    }

    @Test
    void every_rule_says_what_why_and_how_to_fix_it() {
        assertThat(Rules.ALL).extracting(Rule::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
        assertThat(Rules.ALL).allSatisfy(r -> {
            assertThat(r.why()).endsWith(".").doesNotContain("\n");
            assertThat(r.what()).isNotBlank();
            assertThat(Fixtures.parse(r.fix())).as("the fix of %s is YAML", r.id()).isNotNull();
        });
    }

    @Test
    void errors_are_only_the_rules_about_dropped_or_refused_requests() {
        assertThat(Rules.ALL).filteredOn(r -> r.severity() == Severity.ERROR).extracting(Rule::id).containsExactly(
                "readiness-probe", "prestop-hook", "grace-period", "rolling-update", "replicas", "pdb-present",
                "pdb-allows-drain", "hpa-min-replicas");
    }
}
