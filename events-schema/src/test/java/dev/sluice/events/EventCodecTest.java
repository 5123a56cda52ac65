package dev.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final TrafficShiftRequested SHIFT = (TrafficShiftRequested) EventSamples.of(EventType.TRAFFIC_SHIFT_REQUESTED);

    @Test
    void writes_binary_mode_with_ce_headers_and_the_rollout_id_as_key_and_subject() {
        KafkaEvent record = EventCodec.encode(SHIFT, "/sluice/controller");

        assertThat(record.topic()).isEqualTo(Topics.STEPS);
        assertThat(record.key()).isEqualTo("shop/checkout");
        assertThat(record.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "dev.sluice.traffic.shift.requested.v1")
                .containsEntry("ce_source", "/sluice/controller")
                .containsEntry("ce_subject", "shop/checkout")
                .containsEntry("ce_time", "2026-11-26T10:05:00Z")
                .containsEntry("content-type", "application/json")
                .containsKey("ce_id");
    }

    @Test
    void reads_back_what_it_wrote() {
        KafkaEvent record = EventCodec.encode(SHIFT, "/sluice/controller");

        Decoded decoded = EventCodec.decode(record.headers(), record.value());

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Event.class, e -> {
            assertThat(e.data()).isEqualTo(SHIFT);
            assertThat(e.envelope().mode()).isEqualTo(Envelope.Mode.BINARY);
            assertThat(e.envelope().source()).isEqualTo("/sluice/controller");
        });
    }

    @Test
    void reads_structured_mode_as_any_cloudevents_sdk_would_send_it() {
        String structured = """
                {"specversion":"1.0","id":"c-1","source":"/ci/pipeline","type":"dev.sluice.command.promote.v1",
                 "subject":"shop/checkout","time":"2026-11-26T10:05:00Z","datacontenttype":"application/json",
                 "data":{"rolloutId":"shop/checkout","requestedBy":"jenkins","time":"2026-11-26T10:05:00Z"}}""";

        Decoded decoded = EventCodec.decode(Map.of("Content-Type", "application/cloudevents+json; charset=UTF-8"),
                structured.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Event.class, e -> {
            assertThat(e.type()).isEqualTo(EventType.COMMAND_PROMOTE);
            assertThat(e.envelope().mode()).isEqualTo(Envelope.Mode.STRUCTURED);
            assertThat(((RolloutCommand) e.data()).requestedBy()).isEqualTo("jenkins");
        });
    }

    @Test
    void reports_every_problem_of_an_invalid_event_not_just_the_first() throws Exception {
        KafkaEvent record = EventCodec.encode(SHIFT, "/sluice/controller");
        ObjectNode data = (ObjectNode) Json.mapper().readTree(record.value());
        data.remove("rolloutUid");
        data.put("canaryWeight", 140);
        data.put("stableService", "");
        Map<String, String> headers = new HashMap<>(record.headers());
        headers.remove("ce_id");

        Decoded decoded = EventCodec.decode(headers, Json.mapper().writeValueAsBytes(data));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class, r -> assertThat(r.problems())
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("ce_id is missing"))
                .anySatisfy(p -> assertThat(p).contains("rolloutUid"))
                .anySatisfy(p -> assertThat(p).contains("canaryWeight").contains("100"))
                .anySatisfy(p -> assertThat(p).contains("stableService")));
    }

    @Test
    void rejects_garbage_bytes_with_a_reason() {
        Decoded decoded = EventCodec.decode(Map.of("ce_specversion", "1.0", "ce_id", "1", "ce_source", "/x",
                "ce_type", EventType.TRAFFIC_SHIFT_REQUESTED.ceType()), new byte[] {(byte) 0xff, 0x00, 0x13});

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.reason()).contains("value is not JSON"));
    }

    @Test
    void rejects_an_unknown_type_and_a_record_without_cloudevents_headers() {
        Decoded unknown = EventCodec.decode(Map.of("ce_specversion", "1.0", "ce_id", "1", "ce_source", "/x",
                "ce_type", "com.example.rollout.v9"), "{}".getBytes(StandardCharsets.UTF_8));
        Decoded bare = EventCodec.decode(Map.of(), "{\"rolloutId\":\"a/b\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(unknown).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.reason()).contains("unknown event type 'com.example.rollout.v9'"));
        assertThat(bare).isInstanceOfSatisfying(Decoded.Rejected.class, r -> assertThat(r.problems())
                .contains("header ce_specversion is missing", "header ce_id is missing",
                        "header ce_source is missing", "header ce_type is missing"));
    }

    @Test
    void rejects_a_number_no_double_can_hold_instead_of_throwing() throws Exception {
        // found by EventDecoderPropertiesTest: 1E+9999 reads as an infinite double, which the schema's enum check threw on
        KafkaEvent record = EventCodec.encode(EventType.MEASUREMENT_TAKEN, EventSamples.of(EventType.MEASUREMENT_TAKEN), "/x");
        ObjectNode data = (ObjectNode) Json.mapper().readTree(record.value());
        data.put("phase", new java.math.BigDecimal("1E+9999"));

        Decoded decoded = EventCodec.decode(record.headers(), Json.mapper().writeValueAsBytes(data));

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.problems()).contains("$.phase: number is out of range"));
    }

    @Test
    void rejects_a_subject_that_names_another_rollout_than_the_data() {
        KafkaEvent record = EventCodec.encode(SHIFT, "/sluice/controller");
        Map<String, String> headers = new HashMap<>(record.headers());
        headers.put("ce_subject", "shop/payments");

        Decoded decoded = EventCodec.decode(headers, record.value());

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Rejected.class,
                r -> assertThat(r.reason()).contains("subject 'shop/payments' differs from data.rolloutId 'shop/checkout'"));
    }

    @Test
    void a_command_must_name_its_type_because_all_commands_share_one_record() {
        SluiceEvent command = EventSamples.of(EventType.COMMAND_ABORT);

        assertThatThrownBy(() -> EventCodec.encode(command, "/cli")).isInstanceOf(IllegalArgumentException.class);
        assertThat(EventCodec.encode(EventType.COMMAND_ABORT, command, "/cli").headers())
                .containsEntry("ce_type", "dev.sluice.command.abort.v1");
    }

    @Test
    void tolerates_fields_it_does_not_know_because_v1_types_only_grow() throws Exception {
        KafkaEvent record = EventCodec.encode(SHIFT, "/sluice/controller");
        ObjectNode data = (ObjectNode) Json.mapper().readTree(record.value());
        data.put("addedInALaterRelease", true);

        Decoded decoded = EventCodec.decode(record.headers(), Json.mapper().writeValueAsBytes(data));

        assertThat(decoded).isInstanceOf(Decoded.Event.class);
    }
}
