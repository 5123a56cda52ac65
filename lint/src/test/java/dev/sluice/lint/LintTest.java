package dev.sluice.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LintTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed and returned. */
    record Ran(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Ran lint(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Lint.run(List.of(args), in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String resource(String name) {
        try (InputStream in = LintTest.class.getResourceAsStream("/lint/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_hardened_deployment_with_its_budget_passes_from_stdin() {
        Ran ran = lint(resource("hardened.yaml"), "-f", "-");

        assertThat(ran.code()).isZero();
        assertThat(ran.out()).isEqualTo("no findings in 2 objects\n");
        assertThat(ran.err()).isEmpty();
    }

    @Test
    void a_directory_of_multi_document_files_is_read_whole_and_the_budget_in_another_file_counts(@TempDir Path dir)
            throws IOException {
        String[] docs = resource("hardened.yaml").split("(?m)^---$");
        Files.writeString(dir.resolve("deployment.yaml"), docs[0]);
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested/budget.yml"), docs[1] + "\n---\n# an empty document\n---\n");
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");

        assertThat(lint("", "-f", dir.toString()).out()).isEqualTo("no findings in 2 objects\n");
        Ran alone = lint("", "-f", dir.resolve("deployment.yaml").toString());
        assertThat(alone.code()).isEqualTo(1);
        assertThat(alone.out()).contains(dir.resolve("deployment.yaml") + ":2: error pdb-present: Deployment shop/web "
                + "spec.template.metadata.labels: no PodDisruptionBudget selects these pods");
    }

    @Test
    void errors_fail_the_lint_and_each_rule_is_explained_once_with_its_fix() {
        String broken = resource("hardened.yaml").replace("maxUnavailable: 0}", "maxUnavailable: 1}")
                .replace("image: registry.example.com/shop/web:1.4.2", "image: web");

        Ran ran = lint(broken, "-f", "-");

        assertThat(ran.code()).isEqualTo(1);
        assertThat(ran.out()).contains(
                "-:2: error rolling-update: Deployment shop/web spec.strategy.rollingUpdate.maxUnavailable: lets 1 of 3 pods go",
                "-:2: warning image-tag: Deployment shop/web spec.template.spec.containers[web].image: 'web' is not pinned",
                "\nrolling-update: Recreate stops every old pod", "    strategy:\n      type: RollingUpdate",
                "1 error(s), 1 warning(s) in 2 objects");
    }

    @ParameterizedTest(name = "--severity {0} on a warning exits {1}")
    @CsvSource({"error, 0", "warning, 1", "WARNING, 1"})
    void the_severity_threshold_decides_the_exit_code(String severity, int code) {
        String warned = resource("hardened.yaml").replace("minReadySeconds: 10", "minReadySeconds: 0");

        Ran ran = lint(warned, "-f", "-", "--severity", severity);

        assertThat(ran.code()).isEqualTo(code);
        assertThat(ran.out()).contains("warning min-ready-seconds");
    }

    @Test
    void the_ignore_annotation_turns_a_rule_off_for_one_object() {
        String ignored = resource("hardened.yaml").replace("    lint.sluice.dev/shutdown-seconds: \"20\"",
                "    lint.sluice.dev/shutdown-seconds: \"20\"\n    lint.sluice.dev/ignore: rolling-update")
                .replace("maxUnavailable: 0}", "maxUnavailable: 1}");

        assertThat(lint(ignored, "-f", "-").code()).isZero();
    }

    @Test
    void rollouts_and_templates_are_validated_by_the_services_own_code_with_every_violation() throws IOException {
        Ran ran = lint(resource("rollouts.yaml"), "-f", "-", "-o", "json");

        assertThat(ran.code()).isEqualTo(1);
        List<String> lines = ran.json().path("findings").findValuesAsText("message");
        List<String> rules = ran.json().path("findings").findValuesAsText("rule");
        assertThat(rules).containsOnly("rollout-spec", "analysis-template", "analysis-step-never-completes", "weight-below-one-pod");
        assertThat(rules).filteredOn("rollout-spec"::equals).hasSize(2);
        assertThat(ran.out()).doesNotContain("\\n |");
        assertThat(lines).contains(
                // as the controller's InvalidSpec condition says them
                "spec.strategy.canary.maxSurge 'lots' is neither a number of pods nor a percentage like 25%",
                "spec.strategy.canary.steps[0].setWeight 120 is outside 0..100",
                // as analysis-svc rejects a run of the template
                "metric 'latency': interval 'soon' is not a duration; write it like 30s, 5m, 1h30m or 250ms",
                "metric 'errors' of AnalysisTemplate forever has interval 1m and no count: the analysis never succeeds, "
                        + "so the rollout waits here until a failure or a promote",
                "5 at 3 replicas without trafficRouting is 1 canary pod of 4: 25% of the traffic");
        assertThat(lines).anyMatch(l -> l.startsWith("metric 'latency': successCondition does not compile"));
        assertThat(ran.json().path("findings").findValuesAsText("field")).contains("spec.strategy.canary.maxSurge",
                "spec.strategy.canary.steps[1].analysis", "spec.strategy.canary.steps[0].setWeight");
        assertThat(ran.json().path("findings").get(0).path("why").asText()).isNotBlank();
    }

    @Test
    void a_rollouts_args_are_merged_with_the_templates_of_the_input_as_analysis_svc_does() throws IOException {
        String rollouts = resource("rollouts.yaml");
        // the waits rollout gives no value for the template's arg 'service'
        Ran ran = lint(rollouts, "-f", "-", "-o", "json");
        assertThat(ran.json().path("findings").findValuesAsText("message"))
                .contains("arg 'service' has no value: the rollout must give it (or the template a default)");

        String given = rollouts.replace("          - templateName: forever",
                "          - templateName: forever\n          args:\n          - {name: service, value: web}");
        assertThat(lint(given, "-f", "-", "-o", "json").json().path("findings").findValuesAsText("message"))
                .noneMatch(m -> m.startsWith("arg 'service'"));
    }

    @Test
    void sarif_names_every_rule_and_places_each_result_at_its_object() throws IOException {
        Ran ran = lint(resource("hardened.yaml").replace("minReadySeconds: 10", "minReadySeconds: 0"), "-f", "-", "-o", "sarif");

        JsonNode sarif = ran.json();
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        List<String> ruleIds = run.path("tool").path("driver").path("rules").findValuesAsText("id");
        assertThat(ruleIds).contains("readiness-probe", "rollout-spec", "analysis-step-never-completes");
        JsonNode result = run.path("results").get(0);
        assertThat(result.path("ruleId").asText()).isEqualTo("min-ready-seconds");
        assertThat(result.path("level").asText()).isEqualTo("warning");
        assertThat(ruleIds.get(result.path("ruleIndex").asInt())).isEqualTo("min-ready-seconds");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(2);
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("stdin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no -f                      | --output=json                | nothing to lint: give -f <file|dir|->",
            "an unknown output          | -f - -o xml                  | unknown output 'xml': use text, json or sarif",
            "an unknown severity        | -f - --severity=info         | unknown severity 'info': use error or warning",
            "an unknown flag            | -f - --fix                   | unknown argument '--fix'",
            "a missing file             | -f /nonexistent/x.yaml       | /nonexistent/x.yaml: no such file or directory",
            "-f without a value         | -f                           | -f needs a value"})
    void a_usage_error_is_one_line_and_exit_2(String behaviour, String args, String message) {
        Ran ran = lint("", args.split(" "));

        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.err()).startsWith("sluice lint: " + message).hasLineCount(1);
        assertThat(ran.out()).isEmpty();
    }

    @Test
    void input_that_is_not_yaml_is_one_line_and_exit_2() {
        Ran ran = lint("kind: [unclosed\n  - {", "-f", "-");

        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.err()).startsWith("sluice lint: -: not YAML: ").hasLineCount(1);
    }

    @Test
    void list_rules_names_every_rule() {
        Ran ran = lint("", "--list-rules");

        assertThat(ran.code()).isZero();
        assertThat(ran.out().lines()).hasSize(LintRule.all().size()).anyMatch(l -> l.matches("grace-period +error +.*"));
    }
}
