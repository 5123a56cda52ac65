package dev.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzing the decoder every consumer calls first: whatever a record holds (bytes, headers, a real event with any field
 * replaced, removed or cut short), {@link EventCodec#decode} answers an event or the reasons it is rejected (which the
 * consumer dead-letters), and never throws, so no input can stop a consumer. Seeded random tries (5 seeds each), the
 * same on every run; a failure names the seed, the try and the input. (test-support's {@code Fuzz} is not reachable
 * from here: test-support depends on this module.)
 */
class EventDecoderPropertiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String[] CONTENT_TYPES = {"application/json", "application/cloudevents+json", "text/plain", "",
            "application/json; charset=latin1"};
    static final String[] ODD_TEXT = {"", "2026-13-45T99:99:99Z", "-1", "P1D", "\u0000", "\uD800"};
    static final String ODD_CHARS = "\u0000\uD800\uDFFF\u202Eé\n\"\\{";
    static final String[] MUTATIONS = {"replace", "remove", "truncate", "wrong-type-header"};

    /** A record to decode and how it was made (the recipe replays it with {@link #mutate}). */
    record Input(String recipe, Map<String, String> headers, byte[] value) {
        @Override
        public String toString() {
            return recipe + " headers=" + headers + " value(base64)=" + Base64.getEncoder().encodeToString(value);
        }
    }

    @ParameterizedTest(name = "arbitrary bytes and headers are decoded or rejected (seed {0})")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void arbitrary_bytes_and_headers_are_decoded_or_rejected(long seed) {
        fuzz(seed, 100, random -> new Input("random bytes", headers(random), bytes(random)),
                input -> assertThat(EventCodec.decode(input.headers(), input.value())).isNotNull());
    }

    @ParameterizedTest(name = "a real event with a field replaced, removed or cut is decoded or rejected (seed {0})")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void a_real_event_with_a_field_replaced_removed_or_cut_is_decoded_or_rejected(long seed) {
        fuzz(seed, 200, EventDecoderPropertiesTest::mutated, input -> {
            Decoded decoded = EventCodec.decode(input.headers(), input.value());
            assertThat(decoded).isNotNull();
            if (decoded instanceof Decoded.Rejected rejected) {
                assertThat(rejected.problems()).isNotEmpty();
            }
        });
    }

    @ParameterizedTest(name = "a real event in structured mode with a field replaced is decoded or rejected (seed {0})")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void a_real_event_in_structured_mode_with_a_field_replaced_is_decoded_or_rejected(long seed) {
        fuzz(seed, 60, random -> structured(mutated(random)),
                input -> assertThat(EventCodec.decode(input.headers(), input.value())).isNotNull());
    }

    /** {@code tries} inputs from a Random seeded with {@code seed}; a failing try names the seed, its index and its input. */
    static void fuzz(long seed, int tries, Function<Random, Input> generate, java.util.function.Consumer<Input> check) {
        Random random = new Random(seed);
        for (int i = 0; i < tries; i++) {
            Input input = generate.apply(random);
            try {
                check.accept(input);
            } catch (Throwable failed) {
                throw new AssertionError("seed " + seed + ", try " + i + " of " + tries + " failed (" + failed + ") on input: "
                        + input, failed);
            }
        }
    }

    static Map<String, String> headers(Random random) {
        Map<String, String> h = new HashMap<>();
        h.put("ce_type", random.nextBoolean() ? EventType.values()[random.nextInt(EventType.values().length)].ceType()
                : string(random, 40));
        h.put("ce_specversion", "1.0");
        h.put("ce_id", string(random, 20));
        h.put("ce_source", "/fuzz");
        if (random.nextBoolean()) {
            h.put("content-type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
        }
        return h;
    }

    /** Up to 255 random bytes (sometimes none). */
    static byte[] bytes(Random random) {
        byte[] b = new byte[random.nextInt(256)];
        random.nextBytes(b);
        return b;
    }

    /** Up to {@code maxLength} characters: mostly ASCII, some of any code unit (lone surrogates too), and odd ones. */
    static String string(Random random, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            switch (random.nextInt(4)) {
                case 0, 1 -> s.append((char) (' ' + random.nextInt(95)));
                case 2 -> s.append((char) random.nextInt(Character.MAX_VALUE + 1));
                default -> s.append(ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length())));
            }
        }
        return s.toString();
    }

    /** One replacement value: null, numbers (NaN, infinities, huge), strings, booleans, an array or an object. */
    static JsonNode value(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(switch (random.nextInt(4)) {
                case 0 -> Long.MAX_VALUE;
                case 1 -> Long.MIN_VALUE;
                case 2 -> 0L;
                default -> random.nextLong();
            });
            case 2 -> NODES.numberNode(random.nextBoolean() ? random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)
                    : Double.longBitsToDouble(random.nextLong()));
            case 3 -> NODES.numberNode(new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e308, -1e308}[random.nextInt(4)]);
            case 4 -> NODES.numberNode(new BigDecimal(new String[] {"1e9999", "99999999999999999999999999", "-0"}[random.nextInt(3)]));
            case 5 -> NODES.textNode(string(random, 30));
            case 6 -> NODES.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 7 -> NODES.booleanNode(random.nextBoolean());
            case 8 -> NODES.arrayNode().add(1).add("x");
            default -> NODES.objectNode().put("unexpected", 1);
        };
    }

    /** A real event of a random type, changed by one of {@link #MUTATIONS}. */
    static Input mutated(Random random) {
        EventType type = EventType.values()[random.nextInt(EventType.values().length)];
        int seed = random.nextInt(1_000_001);
        List<JsonNode> replacements = new ArrayList<>();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            replacements.add(value(random));
        }
        String how = MUTATIONS[random.nextInt(MUTATIONS.length)];
        KafkaEvent record = mutate(EventCodec.encode(type, EventSamples.of(type), "/fuzz"), seed, replacements, how);
        return new Input("mutate(" + type + ", seed " + seed + ", " + replacements + ", " + how + ")", record.headers(), record.value());
    }

    /** The same event as one structured-mode CloudEvent: its ce_ headers as attributes, its value as data. */
    static Input structured(Input record) {
        ObjectNode envelope = NODES.objectNode();
        record.headers().forEach((k, v) -> {
            if (k.startsWith("ce_")) {
                envelope.put(k.substring(3), v);
            }
        });
        try {
            envelope.set("data", JSON.readTree(record.value()));
        } catch (java.io.IOException notJson) {
            envelope.put("data", new String(record.value(), StandardCharsets.UTF_8));
        }
        return new Input("structured " + record.recipe(), Map.of("content-type", "application/cloudevents+json; charset=UTF-8"),
                envelope.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The record with fields of its JSON (at any depth) replaced or removed, its bytes cut, or its type header swapped. */
    static KafkaEvent mutate(KafkaEvent record, int seed, List<JsonNode> replacements, String how) {
        Random random = new Random(seed);
        Map<String, String> headers = new HashMap<>(record.headers());
        byte[] value = record.value();
        switch (how) {
            case "truncate" -> value = Arrays.copyOf(value, random.nextInt(value.length));
            case "wrong-type-header" -> headers.put("ce_type", EventType.values()[random.nextInt(EventType.values().length)].ceType());
            default -> {
                try {
                    JsonNode tree = JSON.readTree(value);
                    for (JsonNode replacement : replacements) {
                        List<JsonNode> containers = new ArrayList<>();
                        collect(tree, containers);
                        JsonNode container = containers.get(random.nextInt(containers.size()));
                        if (container instanceof ObjectNode o && o.size() > 0) {
                            List<String> names = new ArrayList<>();
                            o.fieldNames().forEachRemaining(names::add);
                            String name = names.get(random.nextInt(names.size()));
                            if (how.equals("remove")) {
                                o.remove(name);
                            } else {
                                o.set(name, replacement.deepCopy());
                            }
                        } else if (container instanceof ArrayNode a && a.size() > 0) {
                            int i = random.nextInt(a.size());
                            if (how.equals("remove")) {
                                a.remove(i);
                            } else {
                                a.set(i, replacement.deepCopy());
                            }
                        }
                    }
                    value = JSON.writeValueAsBytes(tree);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return new KafkaEvent(record.topic(), record.key(), headers, value);
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }
}
