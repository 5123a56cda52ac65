package dev.sluice.traffic.router;

import static dev.sluice.traffic.router.Fixtures.desired;
import static dev.sluice.traffic.router.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.gatewayapi.GatewayApiRouter;
import dev.sluice.traffic.router.istio.IstioRouter;
import dev.sluice.traffic.router.nginx.NginxRouter;
import dev.sluice.traffic.router.traefik.TraefikRouter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given an input object and a shift, the object Sluice writes equals a committed YAML file under
 * {@code src/test/resources/golden/}; a change to what a router writes is a visible diff in review.
 */
class GoldenRouteTest {
    static final boolean REGENERATE = Boolean.getBoolean("sluice.regenerate");
    static final IstioRouter ISTIO = new IstioRouter("rollouts-pod-template-hash");
    static final HeaderRoute BETA = new HeaderRoute("canary-beta", "X-Canary", "exact", "beta");

    /** One golden case: the router, which of its targets, the object before (or its template), the desired state. */
    record Case(String name, TrafficRouter router, int target, String input, boolean fromTemplate, Desired desired, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        TrafficRouting subsets = Fixtures.istioSubsets("checkout", "checkout");
        TrafficRouting several = Fixtures.istio(new TrafficRouting.VirtualService("checkout", List.of("api", "web"),
                List.of("checkout.example.com"), List.of("9000")));
        return Stream.of(
                new Case("istio host-level: the one http route gets 80/20, retries, timeouts and headers stay",
                        ISTIO, 0, "istio/host-level.input.yaml", false,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of())), 20), "istio/host-level.expected.yaml"),
                new Case("istio subset-level: the VirtualService's subset destinations get 60/40",
                        ISTIO, 1, "istio/subset-level.input.yaml", false,
                        Fixtures.subsetDesired(subsets, 40), "istio/subset-level.expected.yaml"),
                new Case("istio subset-level: the DestinationRule's stable and canary subsets get the hash labels",
                        ISTIO, 0, "istio/subset-level-destinationrule.input.yaml", false,
                        Fixtures.subsetDesired(subsets, 40), "istio/subset-level-destinationrule.expected.yaml"),
                new Case("istio several routes: named http routes, a tls route by SNI host and a tcp route by port",
                        ISTIO, 0, "istio/several-routes.input.yaml", false,
                        desired(several, 30), "istio/several-routes.expected.yaml"),
                new Case("istio header route: a canary-only http route matching the header goes first",
                        ISTIO, 0, "istio/header-route.input.yaml", false,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of("primary"))), 10, BETA), "istio/header-route.expected.yaml"),
                new Case("nginx create: the canary Ingress copies class and stable-Service paths, weight 10 and a header",
                        new NginxRouter(), 0, "nginx/stable.input.yaml", true,
                        desired(Fixtures.nginx("checkout"), 10, BETA), "nginx/created.expected.yaml"),
                new Case("nginx update: the created canary Ingress goes to 50% and its header route is removed",
                        new NginxRouter(), 0, "nginx/created.expected.yaml", false,
                        desired(Fixtures.nginx("checkout"), 50), "nginx/updated.expected.yaml"),
                new Case("nginx 0%: the canary Ingress stays with canary-weight 0",
                        new NginxRouter(), 0, "nginx/updated.expected.yaml", false,
                        desired(Fixtures.nginx("checkout"), 0), "nginx/zero.expected.yaml"),
                new Case("gateway API HTTPRoute with two named rules: both get 70/30, the docs rule stays",
                        new GatewayApiRouter(), 0, "gatewayapi/two-rules.input.yaml", false,
                        desired(Fixtures.httpRoutes(List.of("checkout"), List.of("api", "web")), 30), "gatewayapi/two-rules.expected.yaml"),
                new Case("gateway API header route: a canary-only rule with each managed rule's match plus the header",
                        new GatewayApiRouter(), 0, "gatewayapi/two-rules.input.yaml", false,
                        desired(Fixtures.httpRoutes(List.of("checkout"), List.of("api")), 30,
                                new HeaderRoute("canary-beta", "X-Canary", "prefix", "be")), "gatewayapi/header-route.expected.yaml"),
                new Case("gateway API GRPCRoute: the only rule with the stable Service gets 95/5",
                        new GatewayApiRouter(), 0, "gatewayapi/grpc.input.yaml", false,
                        new Desired("shop/orders", 5, Fixtures.grpcRoutes("orders"), "orders-stable", "orders-canary", null, null, List.of()),
                        "gatewayapi/grpc.expected.yaml"),
                new Case("traefik: the TraefikService's weighted services get 75/25, stickiness stays",
                        new TraefikRouter(), 0, "traefik/weighted.input.yaml", false,
                        desired(Fixtures.traefik("checkout"), 25), "traefik/weighted.expected.yaml"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writes_the_committed_object(Case c) {
        Target target = c.router().targets(c.desired()).get(c.target());
        ObjectNode input = golden(c.input());
        Optional<ObjectNode> current = c.fromTemplate() ? Optional.empty() : Optional.of(input);
        Optional<ObjectNode> template = c.fromTemplate() ? Optional.of(input)
                : target.template().isPresent() ? Optional.of(golden("nginx/stable.input.yaml")) : Optional.empty();

        Rewrite rewrite = Rewrite.of(c.router(), target, current, template, c.desired(), Fixtures.UID, 3);

        assertThat(rewrite).isInstanceOf(Rewrite.Write.class);
        ObjectNode written = ((Rewrite.Write) rewrite).next();
        if (REGENERATE) {
            Fixtures.regenerate(c.expected(), written);
        }
        assertThat(written).isEqualTo(golden(c.expected()));
        assertThat(Rewrite.of(c.router(), target, Optional.of(written), template, c.desired(), Fixtures.UID, 4))
                .as("applying the same state again changes nothing")
                .isInstanceOf(Rewrite.Unchanged.class);
    }
}
