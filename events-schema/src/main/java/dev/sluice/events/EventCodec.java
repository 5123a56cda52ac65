package dev.sluice.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * CloudEvents 1.0 over Kafka (docs/architecture.md §2): writes binary mode ({@code ce_*} headers, JSON value, key = rollout
 * id); reads binary and structured mode. Pure: bytes and header maps in, records out.
 */
public final class EventCodec {
    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    private static final String STRUCTURED_PREFIX = "application/cloudevents";
    private static final ObjectMapper MAPPER = Json.mapper();

    private EventCodec() {
    }

    /** Binary-mode record for an event whose record type names exactly one event type. */
    public static KafkaEvent encode(SluiceEvent data, String source) {
        return encode(EventType.forData(data), data, source);
    }

    /** Binary-mode record; {@code source} is the emitting service, e.g. {@code /sluice/controller}. */
    public static KafkaEvent encode(EventType type, SluiceEvent data, String source) {
        return encode(type, data, source, UUID.randomUUID().toString());
    }

    /** Binary-mode record with a given CloudEvents id (a relayed input keeps its id, so a redelivery is recognised). */
    public static KafkaEvent encode(EventType type, SluiceEvent data, String source, String id) {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException(type.ceType() + " carries " + type.dataClass().getSimpleName()
                    + ", not " + data.getClass().getSimpleName());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", SPEC_VERSION);
        headers.put("ce_id", id);
        headers.put("ce_source", source);
        headers.put("ce_type", type.ceType());
        headers.put("ce_subject", data.rolloutId());
        headers.put("ce_time", data.time().toString());
        headers.put("content-type", JSON);
        try {
            return new KafkaEvent(type.topic(), data.rolloutId(), headers, MAPPER.writeValueAsBytes(data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + type.ceType(), e);
        }
    }

    /**
     * Reads one record. Header names are matched case-insensitively for {@code content-type}; {@code ce_*}
     * names are lower case by the binding.
     */
    public static Decoded decode(Map<String, String> headers, byte[] value) {
        if (value == null || value.length == 0) {
            return new Decoded.Rejected(List.of("record has no value; a Sluice event always carries data"));
        }
        String contentType = header(headers, "content-type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_PREFIX)) {
            return decodeStructured(value);
        }
        return decodeBinary(headers, contentType, value);
    }

    private static Decoded decodeBinary(Map<String, String> headers, String contentType, byte[] value) {
        List<String> problems = new ArrayList<>();
        Function<String, String> attr = name -> header(headers, "ce_" + name);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            problems.add("content-type '" + contentType + "' is not " + JSON);
        }
        JsonNode data = null;
        try {
            data = MAPPER.readTree(value);
        } catch (IOException e) {
            problems.add("value is not JSON: " + firstLine(e.getMessage()));
        }
        return bind(attr, data, Envelope.Mode.BINARY, problems);
    }

    private static Decoded decodeStructured(byte[] value) {
        List<String> problems = new ArrayList<>();
        JsonNode event;
        try {
            event = MAPPER.readTree(value);
        } catch (IOException e) {
            return new Decoded.Rejected(List.of("structured CloudEvent is not JSON: " + firstLine(e.getMessage())));
        }
        if (event == null || !event.isObject()) {
            return new Decoded.Rejected(List.of("structured CloudEvent is not a JSON object"));
        }
        Function<String, String> attr = name -> event.hasNonNull(name) ? event.get(name).asText() : null;
        String dataContentType = attr.apply("datacontenttype");
        if (dataContentType != null && !dataContentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            problems.add("datacontenttype '" + dataContentType + "' is not " + JSON);
        }
        if (event.has("data_base64")) {
            problems.add("data_base64 is not accepted; send JSON in 'data'");
        }
        return bind(attr, event.get("data"), Envelope.Mode.STRUCTURED, problems);
    }

    private static Decoded bind(Function<String, String> attr, JsonNode data, Envelope.Mode mode, List<String> problems) {
        String prefix = mode == Envelope.Mode.BINARY ? "header ce_" : "attribute ";
        for (String required : List.of("specversion", "id", "source", "type")) {
            if (blank(attr.apply(required))) {
                problems.add(prefix + required + " is missing");
            }
        }
        String specVersion = attr.apply("specversion");
        if (!blank(specVersion) && !SPEC_VERSION.equals(specVersion)) {
            problems.add(prefix + "specversion '" + specVersion + "' is not " + SPEC_VERSION);
        }
        Instant time = null;
        String timeText = attr.apply("time");
        if (!blank(timeText)) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                problems.add(prefix + "time '" + timeText + "' is not an RFC 3339 timestamp");
            }
        }
        String typeName = attr.apply("type");
        Optional<EventType> type = blank(typeName) ? Optional.empty() : EventType.fromCeType(typeName);
        if (!blank(typeName) && type.isEmpty()) {
            problems.add("unknown event type '" + typeName + "'");
        }
        if (data == null || data.isNull()) {
            problems.add("data is missing");
        } else if (!data.isObject()) {
            problems.add("data is not a JSON object");
        } else if (type.isPresent()) {
            problems.addAll(EventSchemas.validate(type.get(), data));
            String subject = attr.apply("subject");
            JsonNode rolloutId = data.get("rolloutId");
            if (!blank(subject) && rolloutId != null && !subject.equals(rolloutId.asText())) {
                problems.add(prefix + "subject '" + subject + "' differs from data.rolloutId '" + rolloutId.asText() + "'");
            }
        }
        if (!problems.isEmpty()) {
            return new Decoded.Rejected(problems);
        }
        try {
            SluiceEvent event = MAPPER.treeToValue(data, type.get().dataClass());
            Envelope envelope = new Envelope(attr.apply("id"), attr.apply("source"), typeName,
                    attr.apply("subject"), time, mode);
            return new Decoded.Event(envelope, type.get(), event);
        } catch (JsonProcessingException e) {
            return new Decoded.Rejected(List.of("data does not bind to " + type.get().dataClass().getSimpleName()
                    + ": " + firstLine(e.getOriginalMessage())));
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
