package dev.sluice.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a caller must be allowed, per endpoint: the endpoint's own verb and resource, else the configured ones. */
class BearerAuthFilterTest {
    @RequiresCaller
    void command() {
    }

    @RequiresCaller(verb = "create", resource = "analysisruns.sluice.dev")
    void dryRun() {
    }

    @RequiresCaller(verb = "get")
    void read() {
    }

    static Stream<Arguments> endpoints() throws Exception {
        return Stream.of(
                Arguments.of("an unmarked method takes the configured verb and resource", null, "shop", "web",
                        new AuthDecision.Target("sluice.dev", "rollouts", "patch", "shop", "web")),
                Arguments.of("a command endpoint needs patch on the rollout", marked("command"), "shop", "web",
                        new AuthDecision.Target("sluice.dev", "rollouts", "patch", "shop", "web")),
                Arguments.of("dry-run needs create analysisruns in the namespace", marked("dryRun"), "shop", null,
                        new AuthDecision.Target("sluice.dev", "analysisruns", "create", "shop", null)),
                Arguments.of("a verb alone keeps the configured resource", marked("read"), "shop", "web",
                        new AuthDecision.Target("sluice.dev", "rollouts", "get", "shop", "web")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void the_target_of_authorisation(String behaviour, RequiresCaller marked, String namespace, String name,
            AuthDecision.Target expected) {
        assertThat(BearerAuthFilter.target(marked, "patch", "rollouts.sluice.dev", namespace, name)).isEqualTo(expected);
    }

    private static RequiresCaller marked(String method) throws Exception {
        return BearerAuthFilterTest.class.getDeclaredMethod(method).getAnnotation(RequiresCaller.class);
    }
}
