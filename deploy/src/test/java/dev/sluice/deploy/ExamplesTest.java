package dev.sluice.deploy;

import dev.sluice.testsupport.CrdSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Sluice resource in deploy/examples/ is valid against the CRD generated from the Java model (deploy/crds/).
 * The strict check (no field the API server would prune) waits while a CRD is still a skeleton: it then skips and
 * lists what would be pruned, and it enforces itself as soon as the model declares its fields.
 */
class ExamplesTest {
    record Example(String file, JsonNode doc) {
        @Override
        public String toString() {
            return file + " " + DeployTree.describe(doc);
        }
    }

    static Stream<Example> examples() throws Exception {
        try (Stream<Path> files = Files.list(DeployTree.deploy("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .flatMap(f -> DeployTree.documents(f).stream().map(d -> new Example(DeployTree.name(f), d)))
                    // the PodDisruptionBudgets beside the Rollouts are core objects (ManifestsTest parses them)
                    .filter(e -> !e.doc().path("kind").asText().equals("PodDisruptionBudget"))
                    .toList().stream();
        }
    }

    static Stream<Arguments> exampleFiles() throws Exception {
        try (Stream<Path> files = Files.list(DeployTree.deploy("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(Arguments::of).toList().stream();
        }
    }

    static Optional<JsonNode> crdFor(JsonNode resource) throws Exception {
        String group = resource.path("apiVersion").asText().split("/")[0];
        try (Stream<Path> files = Files.list(DeployTree.deploy("crds"))) {
            return files.map(f -> DeployTree.documents(f).get(0))
                    .filter(crd -> crd.at("/spec/group").asText().equals(group)
                            && crd.at("/spec/names/kind").asText().equals(resource.path("kind").asText()))
                    .findFirst();
        }
    }

    static JsonNode schemaFor(Example example) throws Exception {
        JsonNode crd = crdFor(example.doc()).orElseThrow(() -> new AssertionError(example + ": no CRD in deploy/crds defines it"));
        String version = example.doc().path("apiVersion").asText().split("/")[1];
        return CrdSchema.openApiSchema(crd, version)
                .orElseThrow(() -> new AssertionError(example + ": CRD " + crd.at("/metadata/name").asText() + " serves no " + version));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void the_example_is_a_sluice_resource_the_crd_accepts(Example example) throws Exception {
        assertThat(example.doc().path("apiVersion").asText()).startsWith("sluice.dev/");

        assertThat(CrdSchema.validate(schemaFor(example), example.doc(), false)).as(example.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void the_example_has_no_field_the_api_server_would_prune(Example example) throws Exception {
        JsonNode schema = schemaFor(example);
        List<String> pruned = CrdSchema.validate(schema, example.doc(), true);
        if (CrdSchema.isSkeleton(schema)) {
            abort("the CRD for " + example.doc().path("kind").asText() + " is still a skeleton; against it "
                    + pruned.size() + " fields would be pruned: " + pruned);
        }

        assertThat(pruned).as(example.toString()).isEmpty();
    }

    @Test
    void every_analysis_template_an_example_rollout_names_is_defined_among_the_examples() throws Exception {
        List<Example> all = examples().toList();
        List<String> defined = all.stream().filter(e -> e.doc().path("kind").asText().equals("AnalysisTemplate"))
                .map(e -> e.doc().at("/metadata/name").asText()).toList();
        List<String> used = all.stream().filter(e -> e.doc().path("kind").asText().equals("Rollout"))
                .flatMap(e -> e.doc().findValuesAsText("templateName").stream()).distinct().toList();

        assertThat(used).isNotEmpty();
        assertThat(defined).containsAll(used);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void each_example_file_says_what_it_demonstrates(Path file) throws Exception {
        assertThat(Files.readString(file)).startsWith("# Demonstrates: ");
    }
}
