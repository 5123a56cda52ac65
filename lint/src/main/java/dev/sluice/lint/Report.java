package dev.sluice.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/** The findings as people read them (text), as CI reads them (JSON), and as GitHub code scanning reads them (SARIF 2.1.0). */
record Report(List<Finding> findings, int objects, ToIntFunction<Finding> line) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    String summary() {
        String where = objects + (objects == 1 ? " object" : " objects");
        if (findings.isEmpty()) {
            return "no findings in " + where;
        }
        return count(Severity.ERROR) + " error(s), " + count(Severity.WARNING) + " warning(s) in " + where;
    }

    /** One line per finding ({@code file:line: severity rule object field: message}), then each rule's why and fix once. */
    String text() {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append(f.file()).append(':').append(line.applyAsInt(f)).append(": ").append(f.severity().label()).append(' ')
                    .append(f.rule()).append(": ").append(f.line()).append('\n');
        }
        Set<String> rules = new LinkedHashSet<>();
        findings.forEach(f -> rules.add(f.rule()));
        for (String id : rules) {
            LintRule rule = LintRule.byId(id).orElseThrow();
            out.append('\n').append(id).append(": ").append(rule.why()).append('\n').append("  fix:\n");
            rule.fix().lines().forEach(l -> out.append("    ").append(l).append('\n'));
        }
        if (!findings.isEmpty()) {
            out.append('\n');
        }
        return out.append(summary()).append('\n').toString();
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", count(Severity.ERROR)).put("warnings", count(Severity.WARNING)).put("objects", objects);
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            LintRule rule = LintRule.byId(f.rule()).orElseThrow();
            list.addObject().put("rule", f.rule()).put("severity", f.severity().label()).put("file", f.file())
                    .put("line", line.applyAsInt(f)).put("object", f.object()).put("field", f.field()).put("message", f.message())
                    .put("why", rule.why()).put("fix", rule.fix());
        }
        return write(root);
    }

    String sarif() {
        ObjectNode root = JSON.createObjectNode().put("$schema", SARIF_SCHEMA).put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver").put("name", "sluice-lint")
                .put("version", "0.1.0");
        ArrayNode rules = driver.putArray("rules");
        List<LintRule> all = LintRule.all();
        for (LintRule r : all) {
            ObjectNode rule = rules.addObject().put("id", r.id());
            rule.putObject("shortDescription").put("text", r.what());
            rule.putObject("fullDescription").put("text", r.why());
            rule.putObject("help").put("text", r.why() + "\nFix:\n" + r.fix())
                    .put("markdown", r.why() + "\n\nFix:\n\n```yaml\n" + r.fix() + "\n```");
            rule.putObject("defaultConfiguration").put("level", r.severity().label());
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode result = results.addObject().put("ruleId", f.rule())
                    .put("ruleIndex", all.indexOf(LintRule.byId(f.rule()).orElseThrow()))
                    .put("level", f.severity().label());
            result.putObject("message").put("text", f.line());
            ObjectNode location = result.putArray("locations").addObject().putObject("physicalLocation");
            location.putObject("artifactLocation").put("uri", f.file().equals("-") ? "stdin" : f.file());
            location.putObject("region").put("startLine", line.applyAsInt(f));
        }
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
