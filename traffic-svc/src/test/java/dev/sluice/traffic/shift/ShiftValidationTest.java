package dev.sluice.traffic.shift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import dev.sluice.traffic.router.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShiftValidationTest {

    static com.fasterxml.jackson.databind.JsonNode config(String json) {
        try {
            return dev.sluice.events.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static TrafficShiftRequested request(String rolloutId, TrafficRouting routing, String stableHash, List<HeaderRoute> headers) {
        return new TrafficShiftRequested(rolloutId, "uid", "rev", 0, 1, Instant.EPOCH, 20, routing, "web-stable", "web-canary",
                stableHash, "h2", headers);
    }

    static final TrafficRouting ISTIO = TrafficRouting.of(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web", List.of(), List.of(), List.of())), null));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a valid istio request has no violations", request("shop/web", ISTIO, "h1", List.of()), List.of()),
                Arguments.of("a routing spec with no router it knows",
                        request("shop/web", TrafficRouting.none(), "h1", List.of()),
                        List.of("routing names no router traffic-svc knows (istio, nginx, gatewayAPI, traefik, smi)")),
                Arguments.of("the smi plugin alone is a router", request("shop/web", Fixtures.smiPlugin("web", "web-split"), "h1", List.of()),
                        List.of()),
                Arguments.of("an unknown plugin names the plugins traffic-svc knows",
                        request("shop/web", ISTIO.withPlugin("nosuch-mesh", config("{\"route\":\"web\"}")), "h1", List.of()),
                        List.of("routing.plugins names an unknown plugin 'nosuch-mesh'; traffic-svc knows smi")),
                Arguments.of("a plugin configuration with an unknown key is refused, naming the key and the known ones",
                        request("shop/web", TrafficRouting.plugin("smi", config("{\"rootSerivce\":\"web\"}")), "h1", List.of()),
                        List.of("routing.plugins.smi has an unknown field 'rootSerivce' (known: rootService, trafficSplitName)")),
                Arguments.of("a plugin configuration that is not an object is refused",
                        request("shop/web", TrafficRouting.plugin("smi", config("\"web\"")), "h1", List.of()),
                        List.of("routing.plugins.smi must be an object")),
                Arguments.of("smi set both as the field and as the plugin is refused",
                        request("shop/web", Fixtures.smi("web", null).withPlugin("smi", config("{\"rootService\":\"web\"}")), "h1",
                                List.of()),
                        List.of("routing sets both smi and plugins.smi; set one")),
                Arguments.of("the smi plugin's rootService may not be the canary Service",
                        request("shop/web", Fixtures.smiPlugin("web-canary", null), "h1", List.of()),
                        List.of("routing.plugins.smi.rootService 'web-canary' is the canary Service; clients must call the root")),
                Arguments.of("every violation is reported, not the first",
                        request("web", TrafficRouting.of(new TrafficRouting.Istio(List.of(), new TrafficRouting.DestinationRule("web", null, null)))
                                .withNginx(new TrafficRouting.Nginx(null, List.of(), null, null))
                                .withGatewayAPI(new TrafficRouting.GatewayApi(List.of(), null, null))
                                .withTraefik(new TrafficRouting.Traefik(" ")), null,
                                List.of(new HeaderRoute("beta", "x-canary", "suffix", "b"))),
                        List.of("rolloutId 'web' is not namespace/name",
                                "routing.istio.virtualServices is empty",
                                "subset-level routing (routing.istio.destinationRule) needs stableHash and canaryHash",
                                "routing.nginx names no stableIngress or stableIngresses",
                                "routing.gatewayAPI names no httpRoutes, grpcRoutes, tlsRoutes or tcpRoutes",
                                "routing.traefik.weightedTraefikServiceName is missing",
                                "headerRoutes 'beta' has match type 'suffix'; expected exact, prefix, regex (or cookie, NGINX only)")),
                Arguments.of("added routes must be listed in managedRoutes, unique, and set one kind of string match",
                        withRoutes(ISTIO.withManagedRoutes(List.of("beta")),
                                List.of(new MatchRoute("beta", List.of(new RouteMatch(null, null,
                                        Map.of("x-canary", new StringMatch("a", "b", null)))))),
                                List.of(new MirrorRoute("beta", List.of(new RouteMatch(null, null, Map.of())), null),
                                        new MirrorRoute("shadow", List.of(new RouteMatch(null, null, Map.of())), null))),
                        List.of("route 'beta' header 'x-canary' sets 2 of exact, prefix and regex; set exactly one",
                                "route 'beta' is asked for twice",
                                "route 'shadow' is not listed in routing.managedRoutes [beta]")),
                Arguments.of("nginx takes one header route, of one header, and mirrors every request at 100%",
                        withRoutes(TrafficRouting.of(new TrafficRouting.Nginx("web", null, null, null)),
                                List.of(new MatchRoute("a", List.of(new RouteMatch(StringMatch.exact("GET"), null, Map.of()))),
                                        new MatchRoute("b", List.of(new RouteMatch(null, null, Map.of("cookie", StringMatch.regex("x")))))),
                                List.of(new MirrorRoute("m", List.of(new RouteMatch(null, StringMatch.prefix("/api"), Map.of())), 50))),
                        List.of("an NGINX canary Ingress takes one header route, the request has 2 (a, b)",
                                "route 'a' must match exactly one header or cookie on NGINX (canary-by-header / canary-by-cookie), no method or path",
                                "route 'b' matches the cookie header by regex; NGINX takes the cookie name as exact (canary-by-cookie: requests whose cookie is \"always\")",
                                "mirror route 'm' narrows its match; NGINX mirrors every request of the stable Ingress (match {} or path prefix /)",
                                "mirror route 'm' mirrors 50%; NGINX mirrors all requests (percentage 100)")));
    }

    static TrafficShiftRequested withRoutes(TrafficRouting routing, List<MatchRoute> match, List<MirrorRoute> mirror) {
        return new TrafficShiftRequested("shop/web", "uid", "rev", 0, 1, Instant.EPOCH, 20, routing, "web-stable", "web-canary",
                "h1", "h2", List.of(), match, mirror, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reports_every_violation(String name, TrafficShiftRequested request, List<String> violations) {
        assertThat(ShiftValidation.violations(request)).containsExactlyElementsOf(violations);
    }
}
