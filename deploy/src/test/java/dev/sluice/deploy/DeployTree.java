package dev.sluice.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files this module validates: everything under {@code deploy/}, plus {@code docker-compose.yml} beside it. */
final class DeployTree {
    /** {@code deploy/}: Surefire runs in the module's folder. */
    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path ROOT = DEPLOY.getParent();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployTree() {
    }

    static Path deploy(String relative) {
        return DEPLOY.resolve(relative);
    }

    /** A path relative to the repository root, as failures name files. */
    static String name(Path file) {
        return ROOT.relativize(file.toAbsolutePath()).toString();
    }

    /** Every YAML file under deploy/, outside the build's own folders. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !DEPLOY.relativize(p).startsWith("target") && !DEPLOY.relativize(p).startsWith("src"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of a file (a "---" separated stream); empty documents are left out. */
    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static List<JsonNode> documents(String yaml) {
        try (JsonParser parser = YAML.getFactory().createParser(yaml);
                MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Kubernetes object: a mapping with apiVersion and kind (kustomize's own files are not). */
    static boolean isKubernetesObject(JsonNode doc) {
        return doc.isObject() && doc.hasNonNull("apiVersion") && doc.hasNonNull("kind")
                && !doc.path("apiVersion").asText().startsWith("kustomize.config.k8s.io/");
    }

    static String describe(JsonNode doc) {
        return doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
    }
}
