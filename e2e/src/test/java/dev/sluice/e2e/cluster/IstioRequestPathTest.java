package dev.sluice.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.e2e.cluster.IstioRequestPath.Decision;
import dev.sluice.e2e.cluster.IstioRequestPath.Request;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IstioRequestPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A mirror route, a header route, then the weighted primary at 0% (the shape traffic-svc writes). */
    private static final String VS = """
            {"spec":{"http":[
              {"name":"mirror-api","match":[{"method":{"exact":"GET"},"uri":{"prefix":"/api"}}],
               "route":[{"destination":{"host":"web-stable"},"weight":100},{"destination":{"host":"web-canary"},"weight":0}],
               "mirror":{"host":"web-canary"},"mirrorPercentage":{"value":50}},
              {"name":"beta-header","match":[{"headers":{"x-canary":{"exact":"beta"}}}],
               "route":[{"destination":{"host":"web-canary.shop.svc.cluster.local"}}]},
              {"name":"primary","route":[{"destination":{"host":"web-stable"},"weight":70},{"destination":{"host":"web-canary"},"weight":30}]}]}}
            """;

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a request with the header reaches only the canary", new Request("GET", "/", Map.of("X-Canary", "beta")), 0,
                        Optional.of(new Decision("web-canary", null, "beta-header"))),
                Arguments.of("another header value takes the weighted route", new Request("GET", "/", Map.of("x-canary", "alpha")), 0,
                        Optional.of(new Decision("web-stable", null, "primary"))),
                Arguments.of("the weighted route sends rolls above the stable share to the canary", new Request("GET", "/", Map.of()), 85,
                        Optional.of(new Decision("web-canary", null, "primary"))),
                Arguments.of("a mirrored request is answered by its weighted destination and copied to the canary",
                        new Request("GET", "/api/orders", Map.of()), 10, Optional.of(new Decision("web-stable", "web-canary", "mirror-api"))),
                Arguments.of("beyond the mirror percentage no copy is made", new Request("GET", "/api/orders", Map.of()), 60,
                        Optional.of(new Decision("web-stable", null, "mirror-api"))),
                Arguments.of("a POST is not mirrored by a GET-only route", new Request("POST", "/api/orders", Map.of()), 10,
                        Optional.of(new Decision("web-stable", null, "primary"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void routes(String behaviour, Request request, int roll, Optional<Decision> expected) throws Exception {
        JsonNode vs = JSON.readTree(VS);
        assertThat(IstioRequestPath.route(vs, request, roll)).isEqualTo(expected);
    }
}
