package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerts, the dashboard's queries and the local Prometheus configuration, checked by Prometheus' own promtool
 * (Debian's prometheus package; skipped with a message when it is not installed): rules and PromQL syntax, and unit
 * tests (monitoring/tests/alerts-test.yaml) that feed series and expect each alert to fire - or not.
 */
class PrometheusRulesTest {
    static final Optional<Tool> PROMTOOL = Tool.find("promtool");
    static final Path RULE = DeployTree.deploy("monitoring/prometheusrule.yaml");
    static final Path LOCAL_RULES = DeployTree.deploy("local/rules/sluice-rules.yaml");
    static final Path WORK = DeployTree.deploy("target/promtool");
    static final String HEADER = "# Generated from deploy/monitoring/prometheusrule.yaml (spec) for the local Prometheus of "
            + "docker-compose.yml - do not edit.\n# Regenerate: ./mvnw -pl deploy verify -Dsluice.regenerate=true\n";
    static final ObjectMapper YAML_OUT = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @BeforeAll
    static void workFolder() throws IOException {
        Files.createDirectories(WORK);
    }

    /** The PrometheusRule's spec (its groups), as a plain Prometheus rules file. */
    static ObjectNode rulesFile() {
        ObjectNode rules = JsonNodeFactory.instance.objectNode();
        rules.set("groups", DeployTree.documents(RULE).get(0).at("/spec/groups"));
        return rules;
    }

    static Tool promtool() {
        assumeTrue(PROMTOOL.isPresent(), "promtool is not installed (Debian package prometheus): skipping the promtool checks");
        return PROMTOOL.get();
    }

    @Test
    void the_prometheus_rule_passes_promtool_check_rules() throws IOException {
        Path rules = WORK.resolve("sluice-rules.yaml");
        YAML_OUT.writeValue(rules.toFile(), rulesFile());

        Tool.Result result = promtool().run(WORK, "check", "rules", rules.toString());

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.stdout()).contains("SUCCESS: " + rulesFile().at("/groups").findValues("alert").size() + " rules found");
    }

    @Test
    void every_alert_fires_on_the_series_its_unit_test_feeds_and_stays_quiet_otherwise() throws IOException {
        YAML_OUT.writeValue(WORK.resolve("sluice-rules.yaml").toFile(), rulesFile());
        Files.copy(DeployTree.deploy("monitoring/tests/alerts-test.yaml"), WORK.resolve("alerts-test.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        JsonNode tests = DeployTree.documents(WORK.resolve("alerts-test.yaml")).get(0);
        List<String> tested = tests.findValuesAsText("alertname");

        Tool.Result result = promtool().run(WORK, "test", "rules", "alerts-test.yaml");

        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(tested).as("alerts with a unit test")
                .containsAll(rulesFile().at("/groups").findValuesAsText("alert"));
    }

    @Test
    void the_dashboard_queries_are_valid_promql() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DeployTree.deploy("monitoring/dashboards/sluice.json").toFile());
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            ids.add(panel.path("id").asInt());
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText()
                        .replace("$__rate_interval", "5m").replace("$namespace", ".*");
                rules.addObject().put("record", "dashboard:panel_" + panel.path("id").asInt() + "_" + target.path("refId").asText())
                        .put("expr", expr);
            }
        }
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        file.putArray("groups").addObject().put("name", "dashboard").set("rules", rules);
        Path queries = WORK.resolve("dashboard-queries.yaml");
        YAML_OUT.writeValue(queries.toFile(), file);

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(dashboard.path("panels").size());
        Tool.Result result = promtool().run(WORK, "check", "rules", queries.toString());
        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    @Test
    void the_local_prometheus_configuration_is_valid() throws IOException {
        Tool.Result result = promtool().run(DeployTree.DEPLOY, "check", "config", DeployTree.deploy("local/prometheus.yml").toString());

        assertThat(result.ok()).as(result.describe()).isTrue();
    }

    @Test
    void the_local_stack_evaluates_the_same_alerts_as_the_cluster() throws IOException {
        if (Boolean.getBoolean("sluice.regenerate")) {
            Files.writeString(LOCAL_RULES, HEADER + YAML_OUT.writeValueAsString(rulesFile()));
        }

        assertThat(Files.readString(LOCAL_RULES)).startsWith(HEADER);
        assertThat(DeployTree.documents(LOCAL_RULES).get(0))
                .as("%s drifted from %s; regenerate with -Dsluice.regenerate=true", DeployTree.name(LOCAL_RULES), DeployTree.name(RULE))
                .isEqualTo(rulesFile());
    }
}
