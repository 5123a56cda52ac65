package dev.sluice.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ValidatingAdmissionPolicies of {@code deploy/policies} say the same as the Java rules: every expression is
 * evaluated with the CEL library, as the API server would (variables in order, matchConditions first, Kubernetes'
 * strings and regex {@code find} functions), on each workload of every rule fixture, and the rules that fail must be
 * exactly those the Java rules report for that object alone.
 */
class PolicyAgreementTest {
    static final Path POLICIES = Path.of("..", "deploy", "policies", "base", "zero-downtime.yaml");
    /** The rules a single object can check; the others need the PDBs and HPAs around it. */
    static final Set<String> SINGLE_OBJECT = Set.of("readiness-probe", "prestop-hook", "grace-period", "rolling-update",
            "replicas", "liveness-probe", "min-ready-seconds", "spread", "resource-requests", "image-tag", "probe-port");
    static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addVar("object", SimpleType.DYN)
            .addVar("variables", SimpleType.DYN)
            // Kubernetes' regex library: the first match, or '' (https://kubernetes.io/docs/reference/using-api/cel/)
            .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("find",
                    CelOverloadDecl.newMemberOverload("string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)))
            .addFunctionBindings(CelFunctionBinding.from("string_find_string", String.class, String.class, (s, re) -> {
                Matcher m = Pattern.compile(re).matcher(s);
                return m.find() ? m.group() : "";
            }))
            .build();

    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    /** A policy as the API server holds it: what it matches, its variables and its validations. */
    record Policy(String name, JsonNode spec) {
        boolean matches(JsonNode object) {
            String group = object.path("apiVersion").asText().contains("/") ? object.path("apiVersion").asText().split("/")[0] : "";
            String plural = object.path("kind").asText().toLowerCase() + "s";
            for (JsonNode rule : spec.path("matchConstraints").path("resourceRules")) {
                if (texts(rule.path("apiGroups")).contains(group) && texts(rule.path("resources")).contains(plural)) {
                    return true;
                }
            }
            return false;
        }

        /** The rule ids (each message starts with one) whose validation fails for the object; empty when it does not match. */
        Set<String> failing(JsonNode object) throws Exception {
            Set<String> failed = new TreeSet<>();
            Object value = value(object);
            Map<String, Object> variables = new LinkedHashMap<>();
            if (!matches(object)) {
                return failed;
            }
            for (JsonNode condition : spec.path("matchConditions")) {
                if (!Boolean.TRUE.equals(eval(condition.path("expression").asText(), value, variables))) {
                    return failed;
                }
            }
            for (JsonNode variable : spec.path("variables")) {
                variables.put(variable.path("name").asText(), eval(variable.path("expression").asText(), value, variables));
            }
            for (JsonNode validation : spec.path("validations")) {
                Object ok = eval(validation.path("expression").asText(), value, variables);
                assertThat(ok).as("%s: %s", name, validation.path("message").asText()).isInstanceOf(Boolean.class);
                if (!(Boolean) ok) {
                    failed.add(ruleId(validation));
                }
            }
            return failed;
        }
    }

    static List<Policy> policies() throws IOException {
        List<Policy> result = new ArrayList<>();
        for (JsonNode doc : Fixtures.YAML.readValues(Fixtures.YAML.getFactory().createParser(Files.readString(POLICIES)),
                JsonNode.class).readAll()) {
            if (doc.path("kind").asText().equals("ValidatingAdmissionPolicy")) {
                result.add(new Policy(doc.at("/metadata/name").asText(), doc.path("spec")));
            }
        }
        return result;
    }

    static Stream<Fixtures.Case> cases() {
        return Fixtures.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_policies_and_the_java_rules_agree_on_each_workload_of_the_fixture(Fixtures.Case fixture) throws Exception {
        for (ObjectNode doc : fixture.documents()) {
            Set<String> cel = new TreeSet<>();
            for (Policy policy : policies()) {
                cel.addAll(policy.failing(doc));
            }
            Set<String> java = Hygiene.check(List.of(new Manifest("fixture.yaml", doc))).stream().map(Finding::rule)
                    .filter(SINGLE_OBJECT::contains).collect(Collectors.toCollection(TreeSet::new));

            assertThat(cel).as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText()).isEqualTo(java);
        }
    }

    @Test
    void the_policies_hold_every_single_object_rule_once_and_each_fails_on_some_fixture() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Policy policy : policies()) {
            policy.spec().path("validations").forEach(v -> ids.add(ruleId(v)));
        }
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(SINGLE_OBJECT);

        Set<String> seenFailing = new TreeSet<>();
        for (Fixtures.Case fixture : Fixtures.cases()) {
            for (ObjectNode doc : fixture.documents()) {
                for (Policy policy : policies()) {
                    seenFailing.addAll(policy.failing(doc));
                }
            }
        }
        assertThat(seenFailing).isEqualTo(SINGLE_OBJECT);
    }

    @Test
    void each_policy_severity_matches_its_rules() throws Exception {
        for (Policy policy : policies()) {
            String severity = policy.name().endsWith("-errors") ? "error" : "warning";
            policy.spec().path("validations").forEach(v -> assertThat(Rules.byId(ruleId(v)).orElseThrow().severity().label())
                    .as(ruleId(v)).isEqualTo(severity));
        }
    }

    private static String ruleId(JsonNode validation) {
        return validation.path("message").asText().split(":", 2)[0];
    }

    private static Object eval(String expression, Object object, Map<String, Object> variables) throws Exception {
        CelRuntime.Program program = PROGRAMS.get(expression);
        if (program == null) {
            program = CEL.createProgram(CEL.compile(expression).getAst());
            PROGRAMS.put(expression, program);
        }
        return program.eval(Map.of("object", object, "variables", new HashMap<>(variables)));
    }

    /** A Jackson tree as CEL values: whole numbers as Long, null as NullValue. */
    static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), value(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(value(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        return node.asText();
    }

    private static Set<String> texts(JsonNode list) {
        Set<String> result = new TreeSet<>();
        list.forEach(n -> result.add(n.asText()));
        return result;
    }
}
