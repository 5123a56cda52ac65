package dev.sluice.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteSplitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ServicePair> PAIRS = List.of(new ServicePair("web-stable", "web-canary"));

    static Stream<Arguments> virtualServices() {
        return Stream.of(
                Arguments.of("reads the canary weight of a host-level route", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"http":[{"route":[
                          {"destination":{"host":"web-stable"},"weight":80},{"destination":{"host":"web-canary"},"weight":20}]}]}}
                        """, Optional.of(20)),
                Arguments.of("accepts fully qualified hosts", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"http":[{"route":[
                          {"destination":{"host":"web-stable.demo.svc.cluster.local"},"weight":40},
                          {"destination":{"host":"web-canary.demo.svc.cluster.local"},"weight":60}]}]}}
                        """, Optional.of(60)),
                Arguments.of("skips a header route that sends only to the canary", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"http":[
                          {"match":[{"headers":{"x-canary":{"exact":"always"}}}],"route":[{"destination":{"host":"web-canary"}}]},
                          {"route":[{"destination":{"host":"web-stable"},"weight":100},{"destination":{"host":"web-canary"},"weight":0}]}]}}
                        """, Optional.of(0)),
                Arguments.of("ignores a route between unknown services", """
                        {"metadata":{"name":"other","namespace":"demo"},"spec":{"http":[{"route":[
                          {"destination":{"host":"a"},"weight":50},{"destination":{"host":"b"},"weight":50}]}]}}
                        """, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("virtualServices")
    void virtual_service(String name, String json, Optional<Integer> canaryPercent) throws Exception {
        assertThat(RouteSplits.virtualService(JSON.readTree(json), PAIRS).map(Split::canaryPercent)).isEqualTo(canaryPercent);
    }

    static Stream<Arguments> httpRoutes() {
        return Stream.of(
                Arguments.of("reads relative weights as a percentage", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"rules":[{"backendRefs":[
                          {"name":"web-stable","port":80,"weight":3},{"name":"web-canary","port":80,"weight":1}]}]}}
                        """, Optional.of(25)),
                Arguments.of("treats a missing weight as 1", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"rules":[{"backendRefs":[
                          {"name":"web-stable","port":80},{"name":"web-canary","port":80}]}]}}
                        """, Optional.of(50)),
                Arguments.of("sends nothing to a canary at weight 0", """
                        {"metadata":{"name":"web","namespace":"demo"},"spec":{"rules":[{"backendRefs":[
                          {"name":"web-stable","port":80,"weight":100},{"name":"web-canary","port":80,"weight":0}]}]}}
                        """, Optional.of(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpRoutes")
    void http_route(String name, String json, Optional<Integer> canaryPercent) throws Exception {
        assertThat(RouteSplits.httpRoute(JSON.readTree(json), PAIRS).map(Split::canaryPercent)).isEqualTo(canaryPercent);
    }

    static Stream<Arguments> ingresses() {
        String stable = """
                {"metadata":{"name":"web","namespace":"demo"},"spec":{"rules":[{"host":"web.example.com","http":{"paths":[
                  {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-stable","port":{"number":80}}}}]}}]}}
                """;
        String canary = """
                {"metadata":{"name":"web-canary","namespace":"demo","annotations":{
                  "nginx.ingress.kubernetes.io/canary":"true","nginx.ingress.kubernetes.io/canary-weight":"%s"%s}},
                 "spec":{"rules":[{"host":"web.example.com","http":{"paths":[
                  {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-canary","port":{"number":80}}}}]}}]}}
                """;
        return Stream.of(
                Arguments.of("sends everything to stable while no canary Ingress exists", List.of(stable), List.of(0)),
                Arguments.of("reads the canary Ingress weight out of 100", List.of(stable, canary.formatted("40", "")), List.of(40)),
                Arguments.of("honours canary-weight-total", List.of(stable,
                        canary.formatted("50", ",\"nginx.ingress.kubernetes.io/canary-weight-total\":\"200\"")), List.of(25)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ingresses")
    void nginx_ingress(String name, List<String> objects, List<Integer> canaryPercents) throws Exception {
        List<JsonNode> nodes = objects.stream().map(RouteSplitsTest::parse).toList();
        assertThat(RouteSplits.nginx(nodes, PAIRS)).extracting(Split::canaryPercent).isEqualTo(canaryPercents);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
