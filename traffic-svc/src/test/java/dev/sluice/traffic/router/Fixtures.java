package dev.sluice.traffic.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.events.HeaderRoute;
import dev.sluice.events.MatchRoute;
import dev.sluice.events.MirrorRoute;
import dev.sluice.events.RouteMatch;
import dev.sluice.events.SessionAffinity;
import dev.sluice.events.StringMatch;
import dev.sluice.events.TrafficRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Route objects and desired states for router tests. */
public final class Fixtures {
    public static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    public static final String UID = "6f1c2a7e-0b7d-4c55-9d0e-3f1a2b4c5d6e";

    private Fixtures() {
    }

    public static ObjectNode golden(String path) {
        Path file = Path.of("src/test/resources/golden", path);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no golden file " + file + "; run with -Dsluice.regenerate=true");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an expected file into the source tree ({@code -Dsluice.regenerate=true}). */
    public static void regenerate(String path, ObjectNode object) {
        try {
            Path file = Path.of("src/test/resources/golden", path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Golden file: the object as Sluice writes it. Regenerate with -Dsluice.regenerate=true and review the diff.\n"
                    + YAML.writeValueAsString(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrafficRouting istio(TrafficRouting.VirtualService... virtualServices) {
        return TrafficRouting.of(new TrafficRouting.Istio(List.of(virtualServices), null));
    }

    public static TrafficRouting istioSubsets(String virtualService, String destinationRule) {
        return TrafficRouting.of(new TrafficRouting.Istio(List.of(vs(virtualService, List.of())),
                new TrafficRouting.DestinationRule(destinationRule, "canary", "stable")));
    }

    public static TrafficRouting.VirtualService vs(String name, List<String> routes) {
        return new TrafficRouting.VirtualService(name, routes, List.of(), List.of());
    }

    public static TrafficRouting nginx(String... stableIngresses) {
        return TrafficRouting.of(new TrafficRouting.Nginx(null, List.of(stableIngresses), null, Map.of()));
    }

    public static TrafficRouting httpRoutes(List<String> routes, List<String> ruleNames) {
        return TrafficRouting.of(new TrafficRouting.GatewayApi(routes, List.of(), ruleNames));
    }

    public static TrafficRouting grpcRoutes(String... routes) {
        return TrafficRouting.of(new TrafficRouting.GatewayApi(List.of(), List.of(routes), List.of()));
    }

    public static TrafficRouting traefik(String name) {
        return TrafficRouting.of(new TrafficRouting.Traefik(name));
    }

    public static Desired desired(TrafficRouting routing, int weight, HeaderRoute... headers) {
        return new Desired("shop/checkout", weight, routing, "checkout-stable", "checkout-canary", "5b4c3d2e1", "7d9f5c6b8",
                List.of(headers));
    }

    /** {@code base} with match routes, mirror routes and session affinity added. */
    public static Desired with(Desired base, List<MatchRoute> matchRoutes, List<MirrorRoute> mirrorRoutes, SessionAffinity affinity) {
        return new Desired(base.rolloutId(), base.canaryWeight(), base.routing(), base.stableService(), base.canaryService(),
                base.stableHash(), base.canaryHash(), base.headerRoutes(), matchRoutes, mirrorRoutes, affinity);
    }

    /** {@code routing} listing {@code managedRoutes}, highest precedence first. */
    public static TrafficRouting managed(TrafficRouting routing, String... managedRoutes) {
        return routing.withManagedRoutes(List.of(managedRoutes));
    }

    public static TrafficRouting smi(String rootService, String name) {
        return TrafficRouting.of(new TrafficRouting.Smi(rootService, name));
    }

    /** The same SMI configuration as the plugin {@code plugins: {smi: {...}}}. */
    public static TrafficRouting smiPlugin(String rootService, String name) {
        com.fasterxml.jackson.databind.node.ObjectNode config = dev.sluice.events.Json.mapper().createObjectNode();
        if (rootService != null) {
            config.put("rootService", rootService);
        }
        if (name != null) {
            config.put("trafficSplitName", name);
        }
        return TrafficRouting.plugin("smi", config);
    }

    public static RouteMatch headers(Map<String, StringMatch> headers) {
        return new RouteMatch(null, null, headers);
    }

    public static Desired subsetDesired(TrafficRouting routing, int weight) {
        return new Desired("shop/checkout", weight, routing, "checkout", "checkout", "5b4c3d2e1", "7d9f5c6b8", List.of());
    }
}
