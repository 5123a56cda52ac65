package dev.sluice.controller.rollout.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controller.rollout.bluegreen.ServiceCompatibility.Port;
import dev.sluice.controller.rollout.bluegreen.ServiceCompatibility.ServiceFacts;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceCompatibilityTest {
    static final BlueGreenPlan PLAN = new BlueGreenPlan(4, "web", "web-preview", true, null, Duration.ofSeconds(30), 4, null,
            null, null, false, "app", Duration.ofMinutes(10), false, Duration.ofSeconds(30), null);
    static final ServiceFacts ACTIVE = new ServiceFacts("web", List.of(new Port("http", 80, "TCP", "8080"),
            new Port("metrics", 9090, null, null)));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("accepts a preview with the same ports and targets (protocol TCP by default)",
                        new ServiceFacts("web-preview", List.of(new Port("metrics", 9090, "TCP", "9090"),
                                new Port("http", 80, null, "8080"), new Port("extra", 81, "TCP", null))),
                        List.of()),
                Arguments.of("names a port the preview lacks",
                        new ServiceFacts("web-preview", List.of(new Port("http", 80, "TCP", "8080"))),
                        List.of("previewService 'web-preview' has no port 9090/TCP (metrics) that activeService 'web' exposes")),
                Arguments.of("names a port whose target differs",
                        new ServiceFacts("web-preview", List.of(new Port("http", 80, "TCP", "http"), new Port("metrics", 9090, "TCP", null))),
                        List.of("port 80/TCP (http) targets 8080 on activeService 'web' but http on previewService 'web-preview'")),
                Arguments.of("a UDP port does not stand in for a TCP one",
                        new ServiceFacts("web-preview", List.of(new Port("http", 80, "UDP", "8080"), new Port("metrics", 9090, "TCP", null))),
                        List.of("previewService 'web-preview' has no port 80/TCP (http) that activeService 'web' exposes")),
                Arguments.of("reports a missing preview Service",
                        null, List.of("spec.strategy.blueGreen.previewService 'web-preview' does not exist in the Rollout's namespace")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judges(String name, ServiceFacts preview, List<String> expected) {
        assertThat(ServiceCompatibility.violations(PLAN, ACTIVE, preview)).containsExactlyElementsOf(expected);
    }

    @org.junit.jupiter.api.Test
    void reportsBothMissingServices() {
        assertThat(ServiceCompatibility.violations(PLAN, null, null)).containsExactly(
                "spec.strategy.blueGreen.activeService 'web' does not exist in the Rollout's namespace",
                "spec.strategy.blueGreen.previewService 'web-preview' does not exist in the Rollout's namespace");
    }
}
