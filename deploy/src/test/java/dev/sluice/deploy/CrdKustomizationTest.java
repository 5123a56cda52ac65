package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/crds/ holds the CRDs generated from api/ (api's CrdDriftTest keeps them in step with the Java model)
 * and a kustomization that base/ installs; it must list every generated CRD, so a new kind is installed too.
 */
class CrdKustomizationTest {
    static final Path GENERATED = DeployTree.deploy("crds");

    @Test
    void the_crds_kustomization_lists_every_generated_crd_and_base_installs_it() {
        List<String> resources = new ArrayList<>();
        DeployTree.documents(GENERATED.resolve("kustomization.yaml")).get(0).path("resources")
                .forEach(r -> resources.add(r.asText()));
        List<String> base = new ArrayList<>();
        DeployTree.documents(DeployTree.deploy("base/kustomization.yaml")).get(0).path("resources")
                .forEach(r -> base.add(r.asText()));

        assertThat(resources).containsExactlyInAnyOrderElementsOf(crds().stream().map(p -> p.getFileName().toString()).toList());
        assertThat(base).contains("../crds");
    }

    private static List<Path> crds() {
        try (Stream<Path> files = Files.list(GENERATED)) {
            return files.filter(p -> p.toString().endsWith(".sluice.dev.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
