package dev.sluice.traffic.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.values.LabelValues;
import dev.sluice.events.TrafficRouting;
import java.util.List;
import org.junit.jupiter.api.Test;

class StampTest {

    @Test
    void a_200_character_rollout_name_is_stamped_with_the_label_value_every_service_derives_and_reads_back_whole() {
        String name = "checkout-" + "x".repeat(190) + "z";
        Desired desired = new Desired("shop/" + name, 20, TrafficRouting.none(), "web-stable", "web-canary",
                "aaa", "bbb", List.of());
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.putObject("metadata").put("name", "web-vs");

        Stamp.apply(object, desired, "uid-1", 7);

        assertThat(object.at("/metadata/labels/sluice.dev~1rollout").asText()).isEqualTo(LabelValues.of(name)).hasSize(63);
        assertThat(Stamp.read(object)).get().satisfies(found -> {
            assertThat(found.rolloutId()).isEqualTo("shop/" + name);
            assertThat(found.sequence()).isEqualTo(7);
        });
    }
}
