package dev.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the decoder every consumer calls first: whatever a record holds (bytes, headers, a real event with any field
 * replaced, removed or cut short), {@link EventCodec#decode} answers an event or the reasons it is rejected (which the
 * consumer dead-letters), and never throws, so no input can stop a consumer.
 */
class EventDecoderPropertiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 500)
    void arbitrary_bytes_and_headers_are_decoded_or_rejected(@ForAll("headers") Map<String, String> headers,
            @ForAll byte[] value) {
        assertThat(EventCodec.decode(headers, value)).isNotNull();
    }

    @Property(tries = 1000)
    void a_real_event_with_a_field_replaced_removed_or_cut_is_decoded_or_rejected(@ForAll("mutated") KafkaEvent record) {
        Decoded decoded = EventCodec.decode(record.headers(), record.value());
        assertThat(decoded).isNotNull();
        if (decoded instanceof Decoded.Rejected rejected) {
            assertThat(rejected.problems()).isNotEmpty();
        }
    }

    @Property(tries = 300)
    void a_real_event_in_structured_mode_with_a_field_replaced_is_decoded_or_rejected(@ForAll("mutated") KafkaEvent record) {
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
        Map<String, String> headers = Map.of("content-type", "application/cloudevents+json; charset=UTF-8");
        assertThat(EventCodec.decode(headers, envelope.toString().getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Provide
    Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> types = Arbitraries.oneOf(Arbitraries.of(Arrays.stream(EventType.values()).map(EventType::ceType).toList()),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/cloudevents+json", "text/plain", "", "application/json; charset=latin1");
        return Combinators.combine(types, contentTypes, Arbitraries.strings().ofMaxLength(20), Arbitraries.of(true, false))
                .as((type, contentType, other, withContentType) -> {
                    Map<String, String> h = new HashMap<>();
                    h.put("ce_type", type);
                    h.put("ce_specversion", "1.0");
                    h.put("ce_id", other);
                    h.put("ce_source", "/fuzz");
                    if (withContentType) {
                        h.put("content-type", contentType);
                    }
                    return h;
                });
    }

    @Provide
    Arbitrary<KafkaEvent> mutated() {
        Arbitrary<EventType> types = Arbitraries.of(EventType.values());
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 1e308, -1e308).map(NODES::numberNode),
                Arbitraries.of("1e999999999", "99999999999999999999999999", "-0").map(n -> NODES.numberNode(new java.math.BigDecimal(n.equals("1e999999999") ? "1e9999" : n))),
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.of("", "2026-13-45T99:99:99Z", "-1", "P1D", "\u0000", "\uD800").map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.arrayNode().add(1).add("x")),
                Arbitraries.just(NODES.objectNode().put("unexpected", 1)));
        Arbitrary<Integer> mutations = Arbitraries.integers().between(1, 4);
        return Combinators.combine(types, Arbitraries.integers().between(0, 1_000_000), values.list().ofMinSize(1).ofMaxSize(4), mutations,
                        Arbitraries.of("replace", "remove", "truncate", "wrong-type-header"))
                .as((type, seed, replacements, count, how) -> mutate(EventCodec.encode(type, EventSamples.of(type), "/fuzz"),
                        seed, replacements, how));
    }

    /** The record with fields of its JSON (at any depth) replaced or removed, its bytes cut, or its type header swapped. */
    static KafkaEvent mutate(KafkaEvent record, int seed, List<JsonNode> replacements, String how) {
        java.util.Random random = new java.util.Random(seed);
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
