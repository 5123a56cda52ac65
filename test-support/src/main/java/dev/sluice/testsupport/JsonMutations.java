package dev.sluice.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a JSON document for property tests: a copy with some fields or elements (at any depth) replaced by
 * odd values (null, huge and negative numbers, NaN-like strings, durations and percentages out of range, wrong types,
 * deep nesting, odd Unicode) or removed. Chosen by a seed, so a failing case is reproduced by its seed.
 */
public final class JsonMutations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_TEXT = {"", " ", "-1", "0", "NaN", "+Inf", "1e9h", "-5s", "99999999999999999999", "150%",
            "-10%", "%", "2562048h", "0s", "x".repeat(300), "\u0000", "\uD800", "é\u202E", "{{args.missing}}", "result[0] >=",
            "a/b", "UPPER_case", "*", "."};

    private JsonMutations() {
    }

    /**
     * Seeds for mutation: every document of {@code deploy/examples} (read from a module directory) whose kind passes {@code kind}.
     */
    public static List<JsonNode> deployExamples(java.util.function.Predicate<String> kind) {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<JsonNode> found = new ArrayList<>();
        for (String dir : List.of("../deploy/examples")) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
                for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    for (JsonNode doc : yaml.readValues(yaml.createParser(f.toFile()), JsonNode.class).readAll()) {
                        if (kind.test(doc.path("kind").asText())) {
                            found.add(doc);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the examples in " + dir, e);
            }
        }
        return List.copyOf(found);
    }

    /** A copy of {@code document} with {@code count} mutations chosen by {@code seed}. */
    public static JsonNode mutate(JsonNode document, long seed, int count) {
        Random random = new Random(seed);
        JsonNode copy = document.deepCopy();
        for (int i = 0; i < count; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(copy, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            boolean remove = random.nextInt(4) == 0;
            if (container instanceof ObjectNode o && !o.isEmpty()) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                if (remove) {
                    o.remove(name);
                } else {
                    o.set(name, odd(random));
                }
            } else if (container instanceof ArrayNode a && !a.isEmpty()) {
                int at = random.nextInt(a.size());
                if (remove) {
                    a.remove(at);
                } else {
                    a.set(at, odd(random));
                }
            } else if (container instanceof ObjectNode o) {
                o.set("unexpected", odd(random));
            }
        }
        return copy;
    }

    /** One odd value. */
    public static JsonNode odd(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
            case 2 -> NODES.numberNode(random.nextInt(2001) - 1000);
            case 3 -> NODES.numberNode(random.nextBoolean() ? 1e308 : -0.5);
            case 4 -> NODES.numberNode(new BigDecimal("1e400"));
            case 5, 6 -> NODES.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 7 -> NODES.booleanNode(random.nextBoolean());
            case 8 -> NODES.arrayNode();
            case 9 -> NODES.objectNode();
            case 10 -> NODES.arrayNode().add(1).add("x").add(NODES.objectNode().put("name", "y"));
            default -> {
                JsonNode deep = NODES.objectNode().put("leaf", 1);
                for (int d = 0; d < 50; d++) {
                    deep = NODES.arrayNode().add(deep);
                }
                yield deep;
            }
        };
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }
}
