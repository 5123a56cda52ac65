package dev.sluice.cli.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.cli.command.ConvertCommand;
import dev.sluice.testsupport.CrdSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * convert on real manifests from Argo Rollouts' and Flagger's examples and documentation (test resources under
 * {@code convert/}, each with its origin): every object converts, validates strictly against Sluice's CRD (no field
 * the API server would prune), and means the same: every Argo field is carried over unchanged or named in the report,
 * every condition compiles in analysis-svc's CEL, Flagger's analysis lands in {@code progression} with the same values.
 * The output and report are golden files ({@code golden/convert/}); regenerate with {@code -Dsluice.regenerate=true}.
 */
class ConvertManifestsTest {
    private static final boolean REGENERATE = Boolean.getBoolean("sluice.regenerate");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path INPUT = Path.of("src/test/resources/convert");
    private static final Path GOLDEN = Path.of("src/test/resources/golden/convert");
    private static final Path CRDS = Path.of("../deploy/crds");
    private static final ConditionCompiler CEL = new ConditionCompiler();
    private static final Set<String> SUPPORTED = Set.of("Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "Canary", "MetricTemplate");

    static Stream<String> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(INPUT)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).map(f -> INPUT.relativize(f).toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0} converts, validates and means the same")
    @MethodSource("manifests")
    void converts(String file) throws IOException {
        List<JsonNode> docs = ConvertCommand.documents(Files.readString(INPUT.resolve(file)), file);
        List<JsonNode> inputs = docs.stream().filter(d -> d.path("apiVersion").asText().matches("(argoproj\\.io|flagger\\.app)/.*")
                && SUPPORTED.contains(d.path("kind").asText())).toList();
        assertThat(inputs).as("the manifest holds Argo Rollouts or Flagger objects").isNotEmpty();

        Converter.Result result = Converter.convert(docs);

        assertThat(result.objects()).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            ObjectNode out = result.objects().get(i);
            String id = in.path("kind").asText() + "/" + in.path("metadata").path("name").asText();
            assertThat(out.path("apiVersion").asText()).isEqualTo("sluice.dev/v1alpha1");
            assertThat(validate(out)).as("%s validates against Sluice's CRD", id).isEmpty();
            List<Converter.Note> notes = result.notes().stream().filter(n -> n.object().equals(id)).toList();
            switch (in.path("kind").asText()) {
                case "Rollout" -> everyFieldCarriedOrReported(in.path("spec"), out.path("spec"), "spec", notes);
                case "AnalysisTemplate", "ClusterAnalysisTemplate" -> conditionsCompile(in, out, notes);
                case "Canary" -> sameProgression(in, out);
                case "MetricTemplate" -> placeholdersBecomeArgs(out);
                default -> throw new AssertionError(id);
            }
        }
        golden(file, ConvertCommand.yaml(result.objects()) + result.notes().stream().map(n -> "# " + n + "\n").reduce("", String::concat));
    }

    private static List<String> validate(ObjectNode out) throws IOException {
        String crd = switch (out.path("kind").asText()) {
            case "Rollout" -> "rollouts.sluice.dev.yaml";
            case "AnalysisTemplate" -> "analysistemplates.sluice.dev.yaml";
            default -> "clusteranalysistemplates.sluice.dev.yaml";
        };
        JsonNode schema = CrdSchema.openApiSchema(YAML.readTree(CRDS.resolve(crd).toFile()), "v1alpha1").orElseThrow();
        return CrdSchema.validate(schema, out, true);
    }

    /** Each leaf of the Argo spec is in the output unchanged, or the report names it (or a parent of it). */
    private static void everyFieldCarriedOrReported(JsonNode in, JsonNode out, String path, List<Converter.Note> notes) {
        if (notes.stream().anyMatch(n -> path.equals(n.path()) || path.startsWith(n.path() + ".") || path.startsWith(n.path() + "["))) {
            return;
        }
        if (in.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                everyFieldCarriedOrReported(f.getValue(), out.path(f.getKey()), path + "." + f.getKey(), notes);
            }
        } else if (in.isArray()) {
            for (int i = 0; i < in.size(); i++) {
                everyFieldCarriedOrReported(in.get(i), out.path(i), path + "[" + i + "]", notes);
            }
        } else {
            assertThat(out).as("%s is carried over unchanged or reported", path).isEqualTo(in);
        }
    }

    private static void conditionsCompile(JsonNode in, JsonNode out, List<Converter.Note> notes) {
        for (int i = 0; i < out.path("spec").path("metrics").size(); i++) {
            JsonNode metric = out.path("spec").path("metrics").get(i);
            for (String field : List.of("successCondition", "failureCondition")) {
                if (!metric.has(field)) {
                    continue;
                }
                String cel = metric.get(field).asText();
                String original = in.path("spec").path("metrics").get(i).path(field).asText();
                boolean flagged = notes.stream().anyMatch(n -> n.severity().equals("review") && n.path().endsWith(field));
                if (!cel.equals(original)) {
                    assertThat(notes).as("the rewrite of '%s' is reported", original)
                            .anySatisfy(n -> assertThat(n.message()).contains(original).contains(cel));
                }
                if (!flagged && !cel.contains("{{")) {
                    assertThat(CEL.compile(cel)).as("'%s' compiles in analysis-svc", cel).isInstanceOf(ConditionCompiler.Compiled.Ok.class);
                }
            }
        }
    }

    private static void sameProgression(JsonNode canary, JsonNode rollout) {
        JsonNode analysis = canary.path("spec").path("analysis");
        if (canary.at("/spec/targetRef").isMissingNode()) { // a fragment in the docs: nothing to roll out
            assertThat(rollout.at("/spec/workloadRef").isMissingNode()).isTrue();
            return;
        }
        assertThat(rollout.at("/spec/workloadRef/name")).isEqualTo(canary.at("/spec/targetRef/name"));
        if (analysis.has("iterations") && !analysis.has("match")) { // Flagger's blue/green
            JsonNode bg = rollout.at("/spec/strategy/blueGreen");
            assertThat(bg.path("autoPromotionSeconds").asLong())
                    .isEqualTo(Converter.durationSeconds(analysis.path("interval").asText()) * analysis.path("iterations").asInt());
            assertThat(bg.path("activeService").asText()).endsWith("-primary");
            return;
        }
        JsonNode progression = rollout.at("/spec/strategy/canary/progression");
        for (String f : List.of("interval", "stepWeight", "maxWeight", "threshold", "stepWeights")) {
            assertThat(progression.path(f)).as("progression.%s", f).isEqualTo(analysis.path(f));
        }
        List<JsonNode> builtIn = new ArrayList<>();
        analysis.path("metrics").forEach(m -> {
            if (Set.of("request-success-rate", "request-duration").contains(m.path("name").asText()) && !m.has("templateRef")) {
                builtIn.add(m);
            }
        });
        assertThat(progression.path("metrics").size()).isEqualTo(builtIn.size());
        for (int i = 0; i < builtIn.size(); i++) {
            assertThat(progression.path("metrics").get(i).path("thresholdRange")).isEqualTo(builtIn.get(i).path("thresholdRange"));
        }
    }

    private static void placeholdersBecomeArgs(JsonNode template) {
        String query = template.at("/spec/metrics/0/provider").toString();
        assertThat(query).doesNotContainPattern("\\{\\{\\s*(namespace|target|interval|service)\\s*}}");
        List<String> declared = new ArrayList<>();
        template.at("/spec/args").forEach(a -> declared.add(a.path("name").asText()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{args\\.([A-Za-z0-9_]+)}}").matcher(query);
        while (m.find()) {
            assertThat(declared).as("arg %s is declared", m.group(1)).contains(m.group(1));
        }
    }

    private static void golden(String file, String text) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (REGENERATE || !Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text);
            assertThat(REGENERATE).as("golden file %s was missing and has been written; review it and run again", golden).isTrue();
        }
        assertThat(text).isEqualTo(Files.readString(golden));
    }
}
