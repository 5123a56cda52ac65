package dev.sluice.lint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.hygiene.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads what {@code -f} names: a file, a directory (every {@code .yaml}, {@code .yml} and {@code .json} below it, in
 * name order) or {@code -} for stdin. Each file may hold several YAML documents; a {@code List} of objects
 * ({@code kind: List}, as {@code kubectl get -o yaml} writes) is opened into its items.
 */
final class Inputs {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A Kubernetes object from the input and the line its document starts on (1-based). */
    record Read(Manifest manifest, int line) {
    }

    /** A file that cannot be read or parsed: one line for the user. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    private Inputs() {
    }

    static List<Read> read(List<String> names, InputStream stdin) throws BadInput {
        List<Read> result = new ArrayList<>();
        for (String name : names) {
            if (name.equals("-")) {
                try {
                    result.addAll(parse("-", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new BadInput("-: cannot read stdin: " + e.getMessage());
                }
                continue;
            }
            Path path = Path.of(name);
            if (!Files.exists(path)) {
                throw new BadInput(name + ": no such file or directory");
            }
            for (Path file : files(path)) {
                try {
                    result.addAll(parse(file.toString(), Files.readString(file)));
                } catch (IOException e) {
                    throw new BadInput(file + ": cannot read: " + e.getMessage());
                }
            }
        }
        return result;
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Read> parse(String file, String text) throws BadInput {
        List<Read> result = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode doc = YAML.readTree(parser);
                if (token != JsonToken.START_OBJECT || doc == null) {
                    continue;
                }
                if (doc.path("kind").asText().equals("List") && doc.path("items").isArray()) {
                    doc.path("items").forEach(item -> add(result, file, item, line));
                } else {
                    add(result, file, doc, line);
                }
            }
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInput(file + ": not YAML: " + message);
        }
        return result;
    }

    private static void add(List<Read> result, String file, JsonNode doc, int line) {
        if (doc.isObject() && doc.hasNonNull("kind") && doc.hasNonNull("apiVersion")) {
            result.add(new Read(new Manifest(file, doc), line));
        }
    }
}
