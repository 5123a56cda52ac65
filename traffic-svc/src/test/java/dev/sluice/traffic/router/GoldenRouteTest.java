package dev.sluice.traffic.router;

import static dev.sluice.traffic.router.Fixtures.desired;
import static dev.sluice.traffic.router.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import dev.sluice.traffic.router.gatewayapi.GatewayApiRouter;
import dev.sluice.traffic.router.istio.IstioRouter;
import dev.sluice.traffic.router.nginx.NginxRouter;
import dev.sluice.traffic.router.smi.SmiRouter;
import dev.sluice.traffic.router.traefik.TraefikRouter;
import java.util.List;
import java.util.Map;
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
    /** Argo's setMirrorRoute: GET requests under /api, a quarter of them copied to the canary. */
    static final MirrorRoute MIRROR_API = new MirrorRoute("mirror-api",
            List.of(new RouteMatch(StringMatch.exact("GET"), StringMatch.prefix("/api"), Map.of())), 25);
    /** Flagger's A/B match: insiders by header, or anyone with the canary cookie. */
    static final MatchRoute AB = new MatchRoute("ab-insiders", List.of(
            Fixtures.headers(Map.of("x-canary", StringMatch.exact("insider"))),
            Fixtures.headers(Map.of("cookie", StringMatch.regex("^(.*?;)?(canary=always)(;.*)?$")))));
    static final SessionAffinity AFFINITY = new SessionAffinity("sluice-canary", 3600);

    /** One golden case: the router, which of its targets, the object before (or its template), the desired state. */
    record Case(String name, TrafficRouter router, int target, String input, boolean fromTemplate, Desired desired, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        TrafficRouting subsets = Fixtures.istioSubsets("checkout", "checkout");
        TrafficRouting primary = Fixtures.istio(Fixtures.vs("checkout", List.of("primary")));
        Desired istioAll = Fixtures.with(desired(Fixtures.managed(primary, "mirror-api", "canary-beta", "ab-insiders"), 10, BETA),
                List.of(AB), List.of(MIRROR_API), null);
        Desired affinity = Fixtures.with(desired(primary, 20), List.of(), List.of(), AFFINITY);
        TrafficRouting additional = TrafficRouting.of(new TrafficRouting.Istio(List.of(Fixtures.vs("checkout", List.of("primary"))),
                new TrafficRouting.DestinationRule("checkout", "canary", "stable", List.of("experiment"))));
        TrafficRouting api = Fixtures.httpRoutes(List.of("checkout"), List.of("api"));
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
                new Case("istio mirror route: GET /api keeps its weighted destinations and mirrors 25% to the canary",
                        ISTIO, 0, "istio/header-route.input.yaml", false,
                        Fixtures.with(desired(primary, 30), List.of(), List.of(MIRROR_API), null), "istio/mirror-route.expected.yaml"),
                new Case("istio managed routes: mirror, header and A/B routes go ahead of the weighted route in managedRoutes order",
                        ISTIO, 0, "istio/header-route.input.yaml", false, istioAll, "istio/managed-routes.expected.yaml"),
                new Case("istio managed routes removed on request: only the weighted route is left, at the new weight",
                        ISTIO, 0, "istio/managed-routes.expected.yaml", false,
                        desired(Fixtures.managed(primary, "mirror-api", "canary-beta", "ab-insiders"), 0), "istio/routes-removed.expected.yaml"),
                new Case("istio session affinity: a cookie route to the canary and Set-Cookie on the canary destination",
                        ISTIO, 0, "istio/header-route.input.yaml", false, affinity, "istio/session-affinity.expected.yaml"),
                new Case("istio session affinity at weight 0: the cookie route and Set-Cookie are gone",
                        ISTIO, 0, "istio/session-affinity.expected.yaml", false,
                        Fixtures.with(desired(primary, 0), List.of(), List.of(), AFFINITY), "istio/session-affinity-off.expected.yaml"),
                new Case("istio subset-level with additionalSubsetNames: the experiment subset keeps 10, stable gets what is left",
                        ISTIO, 1, "istio/subset-additional.input.yaml", false,
                        new Desired("shop/checkout", 30, additional, "checkout", "checkout", "5b4c3d2e1", "7d9f5c6b8", List.of()),
                        "istio/subset-additional.expected.yaml"),
                new Case("istio subset-level mirror route: the mirror is the canary subset",
                        ISTIO, 1, "istio/subset-level.input.yaml", false,
                        Fixtures.with(Fixtures.subsetDesired(subsets, 10), List.of(), List.of(MIRROR_API), null),
                        "istio/subset-mirror.expected.yaml"),
                new Case("nginx cookie: a match on the cookie header becomes canary-by-cookie",
                        new NginxRouter(), 0, "nginx/stable.input.yaml", true,
                        Fixtures.with(desired(Fixtures.nginx("checkout"), 0), List.of(new MatchRoute("always",
                                List.of(Fixtures.headers(Map.of("cookie", StringMatch.exact("canary")))))), List.of(), null),
                        "nginx/cookie.expected.yaml"),
                new Case("nginx mirror: the stable Ingress gets mirror-target to the canary Service, nothing else of it changes",
                        new NginxRouter(), 1, "nginx/stable.input.yaml", false,
                        Fixtures.with(desired(Fixtures.nginx("checkout"), 10), List.of(), List.of(new MirrorRoute("mirror-all",
                                List.of(new RouteMatch(null, StringMatch.prefix("/"), Map.of())), null)), null),
                        "nginx/mirror-stable.expected.yaml"),
                new Case("gateway API mirror route: a rule with the weighted backendRefs and a RequestMirror filter to the canary",
                        new GatewayApiRouter(), 0, "gatewayapi/two-rules.input.yaml", false,
                        Fixtures.with(desired(api, 30), List.of(), List.of(MIRROR_API), null), "gatewayapi/mirror-route.expected.yaml"),
                new Case("gateway API A/B match: one canary-only rule, a match per Flagger match entry within the managed rule's path",
                        new GatewayApiRouter(), 0, "gatewayapi/two-rules.input.yaml", false,
                        Fixtures.with(desired(api, 0), List.of(AB), List.of(), null), "gatewayapi/ab-match.expected.yaml"),
                new Case("gateway API session affinity: a cookie rule to the canary and a Set-Cookie response header filter",
                        new GatewayApiRouter(), 0, "gatewayapi/two-rules.input.yaml", false,
                        Fixtures.with(desired(api, 20), List.of(), List.of(), AFFINITY), "gatewayapi/session-affinity.expected.yaml"),
                new Case("gateway API session affinity at weight 0: the cookie rule and filter are gone, the user's filter stays",
                        new GatewayApiRouter(), 0, "gatewayapi/session-affinity.expected.yaml", false,
                        Fixtures.with(desired(api, 0), List.of(), List.of(), AFFINITY), "gatewayapi/session-affinity-off.expected.yaml"),
                new Case("gateway API TLSRoute: the backendRefs without weights get 60/40",
                        new GatewayApiRouter(), 0, "gatewayapi/tls.input.yaml", false,
                        desired(TrafficRouting.of(new TrafficRouting.GatewayApi(null, null, null, List.of("checkout-tls"), null)), 40),
                        "gatewayapi/tls.expected.yaml"),
                new Case("gateway API TCPRoute: the backendRefs get 50/50",
                        new GatewayApiRouter(), 0, "gatewayapi/tcp.input.yaml", false,
                        desired(TrafficRouting.of(new TrafficRouting.GatewayApi(null, null, null, null, List.of("checkout-tcp"))), 50),
                        "gatewayapi/tcp.expected.yaml"),
                new Case("smi: a missing TrafficSplit named after the rollout is created for the root Service at 10%",
                        new SmiRouter(), 0, null, false, desired(Fixtures.smi("checkout", null), 10), "smi/created.expected.yaml"),
                new Case("smi: an existing TrafficSplit's backends get 30/70, its annotations stay",
                        new SmiRouter(), 0, "smi/existing.input.yaml", false, desired(Fixtures.smi("checkout", "checkout"), 30),
                        "smi/existing.expected.yaml"),
                new Case("smi plugin: plugins.smi creates the same TrafficSplit as the smi field, its configuration stamped as written",
                        new SmiRouter(), 0, null, false, desired(Fixtures.smiPlugin("checkout", null), 10), "smi/plugin-created.expected.yaml"),
                new Case("smi plugin: plugins.smi with trafficSplitName sets an existing TrafficSplit's backends to 30/70",
                        new SmiRouter(), 0, "smi/existing.input.yaml", false, desired(Fixtures.smiPlugin("checkout", "checkout"), 30),
                        "smi/plugin-existing.expected.yaml"),
                new Case("traefik: the TraefikService's weighted services get 75/25, stickiness stays",
                        new TraefikRouter(), 0, "traefik/weighted.input.yaml", false,
                        desired(Fixtures.traefik("checkout"), 25), "traefik/weighted.expected.yaml"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writes_the_committed_object(Case c) {
        Target target = c.router().targets(c.desired()).get(c.target());
        ObjectNode input = c.input() == null ? null : golden(c.input());
        Optional<ObjectNode> current = c.fromTemplate() || input == null ? Optional.empty() : Optional.of(input);
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
