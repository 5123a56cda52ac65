package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.rollout.TrafficRoutingSpec;
import dev.sluice.events.Json;
import dev.sluice.events.TrafficRouting;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code trafficRouting.plugins} travels from the Rollout to traffic.shift.requested as the objects the user wrote. */
class SpecMapperPluginsTest {

    static Stream<Arguments> routings() throws Exception {
        return Stream.of(
                Arguments.of("a plugin-only routing keeps its plugin's configuration as written",
                        "{\"plugins\":{\"smi\":{\"rootService\":\"web\",\"trafficSplitName\":\"web-split\",\"extra\":{\"a\":[1,2]}}}}",
                        Map.of("smi", Json.mapper().readTree("{\"rootService\":\"web\",\"trafficSplitName\":\"web-split\",\"extra\":{\"a\":[1,2]}}"))),
                Arguments.of("plugins beside a built-in router are kept beside it",
                        "{\"traefik\":{\"weightedTraefikServiceName\":\"web\"},\"plugins\":{\"argoproj-labs/apisix\":{\"route\":{\"name\":\"r\"}}}}",
                        Map.of("argoproj-labs/apisix", Json.mapper().readTree("{\"route\":{\"name\":\"r\"}}"))),
                Arguments.of("a routing without plugins maps to no plugins",
                        "{\"smi\":{\"rootService\":\"web\"}}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routings")
    void maps_plugins(String sentence, String spec, Map<String, JsonNode> expected) throws Exception {
        TrafficRouting routing = SpecMapper.routing(Json.mapper().readValue(spec, TrafficRoutingSpec.class));
        assertThat(routing.plugins()).isEqualTo(expected);
        assertThat(routing.routed()).isTrue();
    }
}
