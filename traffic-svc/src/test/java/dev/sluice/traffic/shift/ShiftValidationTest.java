package dev.sluice.traffic.shift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.events.HeaderRoute;
import dev.sluice.events.TrafficRouting;
import dev.sluice.events.TrafficShiftRequested;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShiftValidationTest {

    static TrafficShiftRequested request(String rolloutId, TrafficRouting routing, String stableHash, List<HeaderRoute> headers) {
        return new TrafficShiftRequested(rolloutId, "uid", "rev", 0, 1, Instant.EPOCH, 20, routing, "web-stable", "web-canary",
                stableHash, "h2", headers);
    }

    static final TrafficRouting ISTIO = new TrafficRouting(new TrafficRouting.Istio(
            List.of(new TrafficRouting.VirtualService("web", List.of(), List.of(), List.of())), null), null, null, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a valid istio request has no violations", request("shop/web", ISTIO, "h1", List.of()), List.of()),
                Arguments.of("a routing spec with no router it knows",
                        request("shop/web", new TrafficRouting(null, null, null, null), "h1", List.of()),
                        List.of("routing names no router traffic-svc knows (istio, nginx, gatewayAPI, traefik)")),
                Arguments.of("every violation is reported, not the first",
                        request("web", new TrafficRouting(
                                new TrafficRouting.Istio(List.of(), new TrafficRouting.DestinationRule("web", null, null)),
                                new TrafficRouting.Nginx(null, List.of(), null, null),
                                new TrafficRouting.GatewayApi(List.of(), null, null),
                                new TrafficRouting.Traefik(" ")), null,
                                List.of(new HeaderRoute("beta", "x-canary", "suffix", "b"))),
                        List.of("rolloutId 'web' is not namespace/name",
                                "routing.istio.virtualServices is empty",
                                "subset-level routing (routing.istio.destinationRule) needs stableHash and canaryHash",
                                "routing.nginx names no stableIngress or stableIngresses",
                                "routing.gatewayAPI names no httpRoutes or grpcRoutes",
                                "routing.traefik.weightedTraefikServiceName is missing",
                                "headerRoutes 'beta' has match type 'suffix'; expected exact, prefix, regex (or cookie, NGINX only)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reports_every_violation(String name, TrafficShiftRequested request, List<String> violations) {
        assertThat(ShiftValidation.violations(request)).containsExactlyElementsOf(violations);
    }
}
