package dev.sluice.traffic.router;

import static dev.sluice.traffic.router.Fixtures.desired;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
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

/** An object that cannot take the desired state is rejected with a reason naming the object and route. */
class RouterRejectionTest {
    static final IstioRouter ISTIO = new IstioRouter("rollouts-pod-template-hash");

    static final String VS = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: checkout, namespace: shop}
            spec:
              http:
              - name: primary
                route:
                - destination: {host: checkout-stable}
                - destination: {host: checkout-canary}
              - name: other
                route:
                - destination: {host: checkout-stable}
                - destination: {host: payments}
            """;

    static final String HTTP_ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: checkout, namespace: shop}
            spec:
              rules:
              - backendRefs: [{name: checkout-stable, port: 80}, {name: checkout-canary, port: 80}]
            """;

    record Case(String name, TrafficRouter router, int target, String object, Desired desired, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("istio: a route name the VirtualService does not have", ISTIO, 0, VS,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of("primary", "missing"))), 20),
                        "VirtualService shop/checkout has no http route named 'missing' (http routes: 'primary', 'other')"),
                new Case("istio: a route with a destination other than the stable and canary hosts", ISTIO, 0, VS,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of("other"))), 20),
                        "http route 'other' of VirtualService shop/checkout routes to host 'payments', which is neither the stable"
                                + " Service 'checkout-stable' nor the canary Service 'checkout-canary'"),
                new Case("istio: no route names and several http routes", ISTIO, 0, VS,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of())), 20),
                        "VirtualService shop/checkout has 2 http routes; name the ones Sluice manages in the routing spec"),
                new Case("istio: a tcp route that is not found by port", ISTIO, 0, VS,
                        desired(Fixtures.istio(new TrafficRouting.VirtualService("checkout", List.of(), List.of(), List.of("9000"))), 20),
                        "VirtualService shop/checkout has no tcp route named '9000' (tcp routes: none)"),
                new Case("istio: a DestinationRule without the canary subset", ISTIO, 0, """
                        apiVersion: networking.istio.io/v1
                        kind: DestinationRule
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          subsets:
                          - {name: stable, labels: {app: checkout}}
                        """, Fixtures.subsetDesired(Fixtures.istioSubsets("checkout", "checkout"), 20),
                        "DestinationRule shop/checkout has no subset named 'canary'"),
                new Case("istio: a header route whose name is one of the user's routes", ISTIO, 0, VS,
                        desired(Fixtures.istio(Fixtures.vs("checkout", List.of("primary"))), 20,
                                new HeaderRoute("other", "x-canary", "exact", "yes")),
                        "VirtualService shop/checkout already has an http route named 'other' that Sluice does not manage"),
                new Case("nginx: a stable Ingress without a path to the stable Service", new NginxRouter(), 0, """
                        apiVersion: networking.k8s.io/v1
                        kind: Ingress
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          rules:
                          - http:
                              paths:
                              - {path: /, pathType: Prefix, backend: {service: {name: other, port: {number: 80}}}}
                        """, desired(Fixtures.nginx("checkout"), 20),
                        "Ingress shop/checkout has no path whose backend is the stable Service 'checkout-stable'"),
                new Case("gateway API: a rule name the HTTPRoute does not have", new GatewayApiRouter(), 0, """
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          rules:
                          - name: api
                            backendRefs: [{name: checkout-stable, port: 80}, {name: checkout-canary, port: 80}]
                        """, desired(Fixtures.httpRoutes(List.of("checkout"), List.of("web")), 20),
                        "HTTPRoute shop/checkout has no rule named 'web' (rules: ['api'])"),
                new Case("gateway API: a rule without the canary backendRef", new GatewayApiRouter(), 0, """
                        apiVersion: gateway.networking.k8s.io/v1
                        kind: HTTPRoute
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          rules:
                          - backendRefs: [{name: checkout-stable, port: 80}]
                        """, desired(Fixtures.httpRoutes(List.of("checkout"), List.of()), 20),
                        "rule 0 of HTTPRoute shop/checkout has no backendRef to the canary Service 'checkout-canary'"),
                new Case("traefik: a weighted service that is neither stable nor canary", new TraefikRouter(), 0, """
                        apiVersion: traefik.io/v1alpha1
                        kind: TraefikService
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          weighted:
                            services: [{name: checkout-stable, port: 80}, {name: legacy, port: 80}]
                        """, desired(Fixtures.traefik("checkout"), 20),
                        "TraefikService shop/checkout has a weighted service 'legacy'; Sluice expects exactly the stable Service"
                                + " 'checkout-stable' and the canary Service 'checkout-canary'"),
                new Case("traefik: header routes are refused, not ignored", new TraefikRouter(), 0, """
                        apiVersion: traefik.io/v1alpha1
                        kind: TraefikService
                        metadata: {name: checkout, namespace: shop}
                        spec:
                          weighted:
                            services: [{name: checkout-stable, port: 80}, {name: checkout-canary, port: 80}]
                        """, desired(Fixtures.traefik("checkout"), 20, new HeaderRoute("beta", "x-canary", "exact", "yes")),
                        "TraefikService shop/checkout: the Traefik router does not support header, mirror or session-affinity routes ('beta')"),
                new Case("istio: a cookie matched exactly (an NGINX habit) is refused with the regex to use", ISTIO, 0, VS,
                        Fixtures.with(desired(Fixtures.istio(Fixtures.vs("checkout", List.of("primary"))), 20), List.of(new MatchRoute("ab",
                                List.of(Fixtures.headers(Map.of("cookie", StringMatch.exact("canary")))))), List.of(), null),
                        "route 'ab' for VirtualService shop/checkout matches the cookie header without a regex"),
                new Case("gateway API: a method matched by regex", new GatewayApiRouter(), 0, HTTP_ROUTE,
                        Fixtures.with(desired(Fixtures.httpRoutes(List.of("checkout"), List.of()), 20), List.of(), List.of(new MirrorRoute(
                                "m", List.of(new RouteMatch(StringMatch.regex("GET|HEAD"), null, Map.of())), 50)), null),
                        "route 'm' for HTTPRoute shop/checkout matches the method by prefix or regex"),
                new Case("smi: header routes are refused, not ignored", new SmiRouter(), 0, """
                        apiVersion: split.smi-spec.io/v1alpha2
                        kind: TrafficSplit
                        metadata: {name: checkout, namespace: shop}
                        spec: {service: checkout, backends: []}
                        """, desired(Fixtures.smi(null, null), 20, new HeaderRoute("beta", "x-canary", "exact", "yes")),
                        "TrafficSplit shop/checkout: the SMI router does not support header, mirror or session-affinity routes ('beta')"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejects_with_a_reason_naming_the_object_and_route(Case c) throws JsonProcessingException {
        Target target = c.router().targets(c.desired()).get(c.target());
        ObjectNode object = (ObjectNode) Fixtures.YAML.readTree(c.object());
        Optional<ObjectNode> current = target.template().isPresent() ? Optional.empty() : Optional.of(object);
        Optional<ObjectNode> template = target.template().isPresent() ? Optional.of(object) : Optional.empty();

        Rewrite rewrite = Rewrite.of(c.router(), target, current, template, c.desired(), Fixtures.UID, 1);

        assertThat(rewrite).isInstanceOf(Rewrite.Rejected.class);
        assertThat(((Rewrite.Rejected) rewrite).reason()).startsWith(c.reason());
    }
}
